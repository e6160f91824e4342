/**
 * 2.3 登录: document number, password and the slider captcha. Every failure answers 登录失败！ alike, so the answer
 * does not tell whether the account exists; an account imported from before 2019-03-01 is told to register again.
 */
import { MESSAGES } from '../../../shared/src/reference-data';
import type { PasswordHasher } from '../accounts/passwords';
import type { AccountDirectory } from '../accounts/lookup';
import { AppError } from '../http/errors';
import { createLockout } from '../stores/lockout';
import type { Redis } from '../stores/redis';
import type { SessionService } from '../sessions/service';
import { LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS, LOGIN_LOCK_WINDOW_SECONDS } from './rules';

export type LoginDeps = { directory: AccountDirectory; redis: Redis; passwords: PasswordHasher; sessions: SessionService };

export function createLoginService(deps: LoginDeps) {
  const lockout = createLockout(deps.redis, {
    prefix: 'login-fail', perSubject: LOGIN_FAILURES_PER_ACCOUNT, perAddress: LOGIN_FAILURES_PER_ADDRESS, windowSeconds: LOGIN_LOCK_WINDOW_SECONDS,
  });

  return {
    async login(idNumber: string, password: string, clientAddress: string) {
      const idIndex = deps.directory.idIndexOf(idNumber);
      const { locked, subjectHasFailures } = await lockout.check(idIndex, clientAddress);
      if (locked) throw new AppError('LOGIN_LOCKED', MESSAGES.loginLocked);
      const account = await deps.directory.byIdIndex(idIndex);
      if (account?.legacy) throw new AppError('LEGACY_ACCOUNT', MESSAGES.legacyLogin);

      const valid = account?.passwordHash
        ? await deps.passwords.verify(account.passwordHash, password)
        : (await deps.passwords.verifyNothing(password), false);
      if (!account || !valid) {
        await lockout.fail(idIndex, clientAddress);
        throw new AppError('LOGIN_FAILED', MESSAGES.loginFailed);
      }
      if (subjectHasFailures) await lockout.clear(idIndex);
      const session = await deps.sessions.start(account._id.toString());
      return { ...session, account };
    },
  };
}
