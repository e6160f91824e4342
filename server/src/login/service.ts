/**
 * 2.3 登录: document number, password and the slider captcha. Every failure answers 登录失败！ alike, so the answer
 * does not tell whether the account exists; an account imported from before 2019-03-01 is told to register again.
 */
import { MESSAGES } from '../../../shared/src/reference-data';
import type { PasswordHasher } from '../accounts/passwords';
import type { AccountDirectory } from '../accounts/lookup';
import { AppError } from '../http/errors';
import type { Lockout } from '../stores/lockout';
import type { SessionService } from '../sessions/service';

export type LoginDeps = { directory: AccountDirectory; passwords: PasswordHasher; sessions: SessionService; loginLockout: Lockout };

export function createLoginService(deps: LoginDeps) {
  return {
    async login(idNumber: string, password: string, clientAddress: string) {
      const idIndex = deps.directory.idIndexOf(idNumber);
      // The account is read before the attempt is taken, so a store outage answers 503 and costs no attempt.
      const account = await deps.directory.byIdIndex(idIndex);
      // The attempt is counted before the password is checked: parallel guesses cannot all pass one check.
      if (!(await deps.loginLockout.attempt(idIndex, clientAddress))) throw new AppError('LOGIN_LOCKED', MESSAGES.loginLocked);
      if (account?.legacy) throw new AppError('LEGACY_ACCOUNT', MESSAGES.legacyLogin);

      let valid: boolean;
      try {
        valid = account?.passwordHash
          ? await deps.passwords.verify(account.passwordHash, password)
          : (await deps.passwords.verifyNothing(password), false);
      } catch (error) {
        await deps.loginLockout.giveBack(idIndex, clientAddress);
        throw error;
      }
      if (!account || !valid) throw new AppError('LOGIN_FAILED', MESSAGES.loginFailed);
      // Issued in the same turn, so both go to Redis in one write and come back together.
      const [, session] = await Promise.all([
        deps.loginLockout.succeeded(idIndex, clientAddress),
        deps.sessions.start(String(account._id)),
      ]);
      return { ...session, account };
    },
  };
}
