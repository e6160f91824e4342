/**
 * The reference point for login: the same job as POST /api/v1/sessions with the same parts and none of the
 * frameworks around them. A bare `node:http` server, the MongoDB driver without mongoose, node-redis without the
 * server's reply bound, no middleware (no request id, log line, security headers, rate limit or zod): spend the
 * captcha token (GETDEL), read the account by its `_id` (the blind index), take a lockout attempt (the server's own
 * script), verify with @node-rs/argon2, give the attempt back and start the session in one write, sign the JWT,
 * answer the account view. Wrong input answers 400 and nothing more; it is a yardstick, not a server.
 */
import { createServer } from 'node:http';
import { createSecretKey, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import jwt from 'jsonwebtoken';
import { mongo } from 'mongoose';
import { createClient } from 'redis';
import { idIndexOf } from '../server/src/accounts/lookup';
import { accountView } from '../server/src/accounts/view';
import { captchaTokenKey } from '../server/src/captcha/service';
import { LOGIN_LOCKOUT_PREFIX } from '../server/src/login/lockout';
import { loadConfig } from '../server/src/config';
import { SESSION_TTL_SECONDS } from '../server/src/sessions/service';
import type { AccountRecord } from '../server/src/stores/accounts';
import { lockoutKeys, SUCCEEDED, TAKE_ATTEMPT } from '../server/src/stores/lockout';
import { createPii } from '../server/src/stores/pii';
import { scriptDeadline } from '../server/src/stores/redis-script';
import {
  LOGIN_ACCOUNT_WINDOW_SECONDS, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, LOGIN_FAILURES_PER_ADDRESS,
  LOGIN_LOCK_WINDOW_SECONDS,
} from '../server/src/login/rules';

async function main() {
  const config = loadConfig();
  const pii = createPii(config.dataKey, config.indexKey);
  const key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  const mongoClient = await new mongo.MongoClient(config.mongodbUri).connect();
  const accounts = mongoClient.db().collection<AccountRecord>('accounts');
  const redis = createClient({
    url: config.redisUrl, keyPrefix: config.redisKeyPrefix || undefined, RESP: 2,
    scripts: { takeAttempt: TAKE_ATTEMPT, succeeded: SUCCEEDED },
  });
  await redis.connect();

  async function login(idNumber: string, password: string, captchaToken: string, address: string) {
    if (!(await redis.getDel(captchaTokenKey(captchaToken)))) return { status: 400, body: { error: 'captcha' } };
    const idIndex = idIndexOf(pii, idNumber);
    const account = await accounts.findOne({ _id: idIndex });
    const keys = lockoutKeys(LOGIN_LOCKOUT_PREFIX, idIndex, address);
    const taken = await redis.takeAttempt(keys, [
      scriptDeadline(), address, LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_ACCOUNT,
      LOGIN_LOCK_WINDOW_SECONDS, LOGIN_ACCOUNT_WINDOW_SECONDS,
    ].map(String));
    if (taken !== 1) return { status: 429, body: { error: 'locked' } };
    if (!account?.passwordHash || !(await verify(account.passwordHash, password))) return { status: 401, body: { error: 'failed' } };
    const sessionId = randomBytes(16).toString('base64url');
    const now = Date.now();
    const live = `sessions:${idIndex}`;
    await Promise.all([
      redis.succeeded(keys, [address]),
      redis.multi()
        .zRemRangeByScore(live, '-inf', now)
        .zAdd(live, { score: now + SESSION_TTL_SECONDS * 1000, value: sessionId })
        .expire(live, SESSION_TTL_SECONDS)
        .exec(),
    ]);
    const token = jwt.sign({ sid: sessionId }, key, { subject: idIndex, expiresIn: SESSION_TTL_SECONDS, issuer: 'jszg-accounts', algorithm: 'HS256' });
    return { status: 200, body: { token, expiresIn: SESSION_TTL_SECONDS, account: accountView(account, pii) } };
  }

  createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let input: { idNumber?: unknown; password?: unknown; captchaToken?: unknown } = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch { /* answered below */ }
      const { idNumber, password, captchaToken } = input;
      const address = String(request.headers['x-forwarded-for'] ?? request.socket.remoteAddress);
      const answered = typeof idNumber === 'string' && typeof password === 'string' && typeof captchaToken === 'string'
        ? login(idNumber, password, captchaToken, address)
        : Promise.resolve({ status: 400, body: { error: 'input' } });
      answered.then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
      }, () => response.writeHead(503).end());
    });
  }).listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
