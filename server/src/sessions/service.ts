/**
 * Login sessions: a signed JWT names the account and the session; Redis keeps each account's live sessions
 * (a sorted set scored by expiry), so logout, a password change or a reset ends sessions at once.
 */
import { createSecretKey, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { MESSAGES } from '../../../shared/src/reference-data';
import { AppError } from '../http/errors';
import type { Redis } from '../stores/redis';

/** Not in the manual: a working session of two hours, as is usual for government service sites. */
export const SESSION_TTL_SECONDS = 2 * 60 * 60;
const ISSUER = 'jszg-accounts';

const liveKey = (accountId: string) => `sessions:${accountId}`;

export type Session = { accountId: string; sessionId: string };
export type SessionService = ReturnType<typeof createSessionService>;

export function createSessionService(redis: Redis, secret: string) {
  // A key object made once: given a string, jsonwebtoken re-derives (and first tries to parse a PEM from) it on every call.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    async start(accountId: string): Promise<{ token: string; expiresIn: number }> {
      const sessionId = randomBytes(16).toString('base64url');
      const now = Date.now();
      const expiresAt = now + SESSION_TTL_SECONDS * 1000;
      await redis.multi()
        .zRemRangeByScore(liveKey(accountId), '-inf', now)
        .zAdd(liveKey(accountId), { score: expiresAt, value: sessionId })
        .expire(liveKey(accountId), SESSION_TTL_SECONDS)
        .exec();
      const token = jwt.sign({ sid: sessionId }, key, {
        subject: accountId, expiresIn: SESSION_TTL_SECONDS, issuer: ISSUER, algorithm: 'HS256',
      });
      return { token, expiresIn: SESSION_TTL_SECONDS };
    },

    /** The session a bearer token names, if it is signed, unexpired and still live. */
    async check(token: string): Promise<Session> {
      let claims: jwt.JwtPayload;
      try {
        claims = jwt.verify(token, key, { issuer: ISSUER, algorithms: ['HS256'] }) as jwt.JwtPayload;
      } catch {
        throw new AppError('UNAUTHENTICATED', MESSAGES.unauthenticated);
      }
      const accountId = claims.sub;
      const sessionId = claims.sid as unknown;
      if (typeof accountId !== 'string' || typeof sessionId !== 'string') throw new AppError('UNAUTHENTICATED', MESSAGES.unauthenticated);
      const expiresAt = await redis.zScore(liveKey(accountId), sessionId);
      if (expiresAt === null || Number(expiresAt) < Date.now()) throw new AppError('UNAUTHENTICATED', MESSAGES.unauthenticated);
      return { accountId, sessionId };
    },

    async end(session: Session): Promise<void> {
      await redis.zRem(liveKey(session.accountId), session.sessionId);
    },

    /** Ends every session of the account but `keep` (the one changing the password). */
    async endAll(accountId: string, keep?: string): Promise<void> {
      if (!keep) {
        await redis.del(liveKey(accountId));
        return;
      }
      const score = await redis.zScore(liveKey(accountId), keep);
      const multi = redis.multi().del(liveKey(accountId));
      if (score !== null) multi.zAdd(liveKey(accountId), { score, value: keep }).expire(liveKey(accountId), SESSION_TTL_SECONDS);
      await multi.exec();
    },
  };
}
