/**
 * 2.2.2 忘记密码: the applicant identifies the account by 证件类型, 证件号码 and 姓名 (任何一项选择或填写错误，都无法成功
 * 重置密码), then picks a way: a mail link, an SMS code, or WeChat for a bound account. Whichever way, the new
 * password ends every session of the account.
 */
import { MESSAGES } from '../../../shared/src/reference-data';
import { maskEmail, maskPhone } from '../../../shared/src/contacts';
import type { IdType } from '../../../shared/src/id-documents';
import type { PasswordHasher } from '../accounts/passwords';
import type { AccountDirectory } from '../accounts/lookup';
import { AppError } from '../http/errors';
import type { AccountDocument, AccountModel } from '../stores/accounts';
import type { Lockout } from '../stores/lockout';
import { hit, type Redis } from '../stores/redis';
import type { WechatBindingStore } from '../stores/wechat-bindings';
import type { SessionService } from '../sessions/service';
import type { ResetFlows } from './flows';
import { RESET_STARTS_PER_ADDRESS_PER_HOUR } from './rules';

export const RESET_EXPIRED_MESSAGE = '重置密码的操作已超时，请重新开始';

export type RecoveryDeps = {
  directory: AccountDirectory;
  accounts: AccountModel;
  wechatBindings: WechatBindingStore;
  redis: Redis;
  passwords: PasswordHasher;
  sessions: SessionService;
  flows: ResetFlows;
  /** The login lockout, which a completed reset clears (issue 10 item 4). */
  loginLockout: Lockout;
};

export function createRecoveryService(deps: RecoveryDeps) {
  return {
    async start(request: { idType: IdType; idNumber: string; name: string }, clientAddress: string) {
      if ((await hit(deps.redis, `reset-start:${clientAddress}`, 3600)) > RESET_STARTS_PER_ADDRESS_PER_HOUR) {
        throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
      }
      const account = await deps.directory.byIdIndex(deps.directory.idIndexOf(request.idNumber));
      // Type and name are checked first: nothing, not even a legacy account, is revealed to someone without them.
      if (!account || account.idType !== request.idType || account.name !== request.name) {
        throw new AppError('ACCOUNT_NOT_FOUND', MESSAGES.accountNotFound);
      }
      if (account.legacy) throw new AppError('LEGACY_ACCOUNT', MESSAGES.legacyReset);
      const [resetId, binding] = await Promise.all([
        deps.flows.open(account._id.toString()),
        deps.wechatBindings.userOf(String(account._id)),
      ]);
      return {
        resetId,
        email: account.email ? maskEmail(account.email) : null,
        phone: account.phone ? maskPhone(account.phone) : null,
        wechat: binding !== null,
      };
    },

    /** The account of an open reset flow; the flow expires after a while and must be started again. */
    async accountOfFlow(resetId: string): Promise<AccountDocument> {
      const accountId = await deps.flows.accountOf(resetId);
      const account = accountId ? await deps.accounts.findById(accountId) : null;
      if (!account || account.legacy) throw new AppError('ACCOUNT_NOT_FOUND', RESET_EXPIRED_MESSAGE);
      return account;
    },

    /** Sets the new password, ends every session of the account and lifts its login lockout. */
    async setPassword(accountId: string, newPassword: string): Promise<void> {
      const account = await deps.accounts.findByIdAndUpdate(accountId, {
        $set: { passwordHash: await deps.passwords.hash(newPassword), passwordChangedAt: new Date() },
      }).lean();
      await deps.sessions.endAll(accountId);
      // The account id is the blind index of its document number, the subject login lockouts are kept under.
      if (account) await deps.loginLockout.clearSubject(String(account._id));
    },
  };
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;
