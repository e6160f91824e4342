/**
 * 2.3 登录: document number, password and the slider captcha. Every failure answers 登录失败！ alike, so the answer
 * does not tell whether the account exists; an account imported from before 2019-03-01 is told to register again.
 */
import { MESSAGES } from '../../../shared/src/reference-data';
import type { PasswordHasher } from '../accounts/passwords';
import type { AccountDirectory } from '../accounts/lookup';
import { AppError } from '../http/errors';
import { hit, type Redis } from '../stores/redis';
import type { SessionService } from '../sessions/service';
import { LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS, LOGIN_LOCK_WINDOW_SECONDS } from './rules';

export type LoginDeps = { directory: AccountDirectory; redis: Redis; passwords: PasswordHasher; sessions: SessionService };

export function createLoginService(deps: LoginDeps) {
  const accountKey = (idIndex: string) => `login-fail:account:${idIndex}`;
  const addressKey = (address: string) => `login-fail:address:${address}`;

  return {
    async login(idNumber: string, password: string, clientAddress: string) {
      const idIndex = deps.directory.idIndexOf(idNumber);
      const [accountFailures, addressFailures] = await deps.redis.mget(accountKey(idIndex), addressKey(clientAddress));
      if (Number(accountFailures) >= LOGIN_FAILURES_PER_ACCOUNT || Number(addressFailures) >= LOGIN_FAILURES_PER_ADDRESS) {
        throw new AppError('LOGIN_LOCKED', MESSAGES.loginLocked);
      }
      const account = await deps.directory.byIdIndex(idIndex);
      if (account?.legacy) throw new AppError('LEGACY_ACCOUNT', MESSAGES.legacyLogin);

      const valid = account?.passwordHash
        ? await deps.passwords.verify(account.passwordHash, password)
        : (await deps.passwords.verifyNothing(password), false);
      if (!account || !valid) {
        await Promise.all([
          hit(deps.redis, accountKey(idIndex), LOGIN_LOCK_WINDOW_SECONDS),
          hit(deps.redis, addressKey(clientAddress), LOGIN_LOCK_WINDOW_SECONDS),
        ]);
        throw new AppError('LOGIN_FAILED', MESSAGES.loginFailed);
      }
      if (accountFailures !== null) await deps.redis.del(accountKey(idIndex));
      const session = await deps.sessions.start(account._id.toString());
      return { ...session, account };
    },
  };
}
