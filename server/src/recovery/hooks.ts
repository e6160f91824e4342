/**
 * The reset flow's hooks, registered by the composition root: what follows every new password, whichever way it
 * was set.
 */
import type { Courier } from '../courier/courier';
import type { Hook } from '../hooks';
import type { Logger } from '../log';
import type { Lockout } from '../stores/lockout';
import type { SessionService } from '../sessions/service';
import type { WechatBindings } from '../wechat/flows/bindings';
import type { PasswordReset } from './service';

/** Whoever held the old password may be logged in: every session of the account ends. */
export const endSessions = (sessions: SessionService): Hook<PasswordReset> => async ({ accountId }) => {
  await sessions.endAll(accountId);
};

/** A reset lifts the login lockout (the account id is the blind index the lockout is kept under). */
export const clearLoginLockout = (lockout: Lockout): Hook<PasswordReset> => async ({ accountId }) => {
  await lockout.clearSubject(accountId);
};

/**
 * 重置成功 in the service-account conversation of the bound WeChat user, after a reset the WeChat way. Not waited
 * for, and best effort: WeChat being slow or down never holds up or fails the reset.
 */
export const wechatResetNotice = (deps: { bindings: WechatBindings; courier: Courier; log: Logger }): Hook<PasswordReset> =>
  async ({ accountId, method, wechatUser }) => {
    if (method !== 'wechat') return;
    const notify = async () => {
      const openid = wechatUser?.app === 'service' ? wechatUser.openid : await deps.bindings.openidOf(accountId, 'service');
      if (openid) await deps.courier.send('resetDone', { channel: 'wechat', to: openid }, {});
    };
    notify().catch((error: unknown) => {
      deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'wechat reset notice not sent');
    });
  };
