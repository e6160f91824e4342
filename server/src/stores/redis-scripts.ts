/**
 * Every Lua script the server runs, by the name it is called with (`redis.issueCode(keys, args)`). node-redis
 * takes its scripts when the client is made, so they are listed here; each stays beside the code that owns it.
 */
import { CONSUME_CODE, ISSUE_CODE, RESTORE_CODE, WITHDRAW_CODE } from '../codes/scripts';
import { RECORD_MESSAGE } from '../dev/outbox';
import { RELEASE_EFFECTS_LOCK } from '../review/scripts';
import { RELEASE_LOCK } from '../wechat/api/tokens';
import { GIVE_BACK, SUCCEEDED, TAKE_ATTEMPT } from './lockout';

export const SCRIPTS = {
  issueCode: ISSUE_CODE,
  consumeCode: CONSUME_CODE,
  withdrawCode: WITHDRAW_CODE,
  restoreCode: RESTORE_CODE,
  lockoutTakeAttempt: TAKE_ATTEMPT,
  lockoutSucceeded: SUCCEEDED,
  lockoutGiveBack: GIVE_BACK,
  outboxRecord: RECORD_MESSAGE,
  wechatTokenUnlock: RELEASE_LOCK,
  reviewEffectsUnlock: RELEASE_EFFECTS_LOCK,
};
