/**
 * Two server processes on one database and one Redis, requests alternating between them as a load balancer
 * sends them: every rule that keeps state (daily code limit, resend interval, login lockout, one-use captcha
 * tokens, WeChat push dedupe, the shared WeChat access token, sessions) holds across both, because that state
 * lives in the shared stores and in neither process. Once against a single Redis (`single-redis.test.ts`, which
 * then puts nginx in front of the same two processes) and once against a Redis Cluster of three masters
 * (`redis-cluster.test.ts`): two files, so that jest runs them side by side.
 */
import { randomBytes } from 'node:crypto';
import { LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS } from '../../server/src/login/rules';
import { SMS_CODES_PER_PHONE_PER_DAY } from '../../server/src/codes/rules';
import { ApiClient, dragTrack, newApplicant } from '../support/client';
import { phoneNumber } from '../support/identities';
import { eventPush, push, replyText, textPush, wechatEnv } from '../wechat/wechat-server';
import { startInstances, type Instance, type Instances } from './instances';
import { countKeys, startRedisTarget, type RedisTarget, type RedisTargetName } from './redis-targets';

/** Short enough to wait out in a test, long enough that a request sent right after another is inside it. */
const RESEND_INTERVAL_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A suite that runs on the same two instances after the rules (it may stop them: it runs last). */
export type FollowingSuite = (pair: () => Instances) => void;

export function rulesAcrossInstances(target: RedisTargetName, following: FollowingSuite[] = []): void {
  jest.setTimeout(60_000);
  describe(`two instances on one database and one Redis (${target})`, () => suite(target, following));
}

function suite(target: RedisTargetName, following: FollowingSuite[]): void {
  let redis: RedisTarget;
  let pair: Instances;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redis = await startRedisTarget(target);
    pair = await startInstances(2, { ...redis.env, ...wechatEnv(), OTP_RESEND_INTERVAL_SECONDS: String(RESEND_INTERVAL_SECONDS) });
    [a, b] = pair.instances as [Instance, Instance];
  }, 150_000);
  afterAll(async () => {
    const exits = await pair?.stop();
    await redis?.stop();
    // Each drained on SIGTERM and exited by itself.
    if (exits) expect(exits).toEqual([{ code: 0, signal: null }, { code: 0, signal: null }]);
  });

  /** One browser (one client address) with a client on each instance. */
  function browser(): [ApiClient, ApiClient] {
    const onA = new ApiClient(a.url);
    return [onA, new ApiClient(b.url, onA.address)];
  }

  /** A captcha token whose puzzle came from `asks`, whose answer is read from and verified on the other one. */
  async function captchaAcross(asks: ApiClient, verifies: ApiClient): Promise<string> {
    const puzzle = await asks.post('/api/v1/captcha');
    expect(puzzle.status).toBe(200);
    const answer = await verifies.get(`/dev/captcha/${puzzle.body.id}`);
    expect(answer.status).toBe(200);
    const verified = await verifies.post('/api/v1/captcha/verify', { id: puzzle.body.id, x: answer.body.x, track: dragTrack(answer.body.x) });
    expect(verified.status).toBe(200);
    return verified.body.captchaToken;
  }

  /** Registers on A (code by SMS asked on A, form sent to B) and returns the applicant. */
  async function registered() {
    const applicant = newApplicant();
    const [onA, onB] = browser();
    const sent = await onA.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: applicant.phone, captchaToken: await onA.captchaToken() });
    expect(sent.status).toBe(200);
    const code = await onB.lastCode(applicant.phone);
    const created = await onB.post('/api/v1/accounts', {
      ...applicant, otp: { channel: 'sms', code }, captchaToken: await captchaAcross(onA, onB), agreed: true,
    });
    expect(created.status).toBe(201);
    return applicant;
  }

  test('a session made on A works on B, and ending it on B ends it on A', async () => {
    const applicant = await registered();
    const [onA, onB] = browser();
    const loggedIn = await onA.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: await onA.captchaToken() });
    expect(loggedIn.status).toBe(200);
    onA.token = onB.token = loggedIn.body.token;
    expect((await onB.get('/api/v1/me')).status).toBe(200);
    expect((await onB.request('DELETE', '/api/v1/sessions/current')).status).toBe(204);
    const after = await onA.get('/api/v1/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  test('3 SMS codes a phone a day and the resend interval, whichever instance is asked', async () => {
    const phone = phoneNumber();
    const [onA, onB] = browser();
    const ask = async (client: ApiClient, captchaToken?: string) =>
      client.post('/api/v1/otp', { purpose: 'reset', channel: 'sms', to: phone, captchaToken: captchaToken ?? await client.captchaToken() });

    const readyOnB = await onB.captchaToken();
    expect((await ask(onA)).status).toBe(200);
    // At once on B: inside the resend interval A started.
    const tooSoon = await ask(onB, readyOnB);
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.error.code).toBe('RATE_LIMITED');

    const replies = [];
    for (const client of [onB, onA, onB]) {
      await sleep(RESEND_INTERVAL_SECONDS * 1000 + 200);
      replies.push(await ask(client));
    }
    expect(replies.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(replies[2]!.body.error.code).toBe('OTP_DAILY_LIMIT');
    // Both instances see the same outbox: the 3 codes of the day, no more.
    expect((await onA.get(`/dev/outbox?to=${phone}`)).body).toHaveLength(SMS_CODES_PER_PHONE_PER_DAY);
    expect((await onB.get(`/dev/outbox?to=${phone}`)).body).toHaveLength(SMS_CODES_PER_PHONE_PER_DAY);
  });

  test('the login lockout counts failures on both: 5 from one address, alternating, lock it out on both', async () => {
    const applicant = await registered();
    const [onA, onB] = browser();
    const attempt = async (client: ApiClient, password: string) =>
      client.post('/api/v1/sessions', { idNumber: applicant.idNumber, password, captchaToken: await client.captchaToken() });
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      expect((await attempt(i % 2 ? onB : onA, 'Wrong123#')).status).toBe(401);
    }
    for (const client of [onA, onB]) {
      const locked = await attempt(client, applicant.password);
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('LOGIN_LOCKED');
    }
    // The owner, elsewhere, is not locked out.
    const [ownerOnA] = browser();
    expect((await attempt(ownerOnA, applicant.password)).status).toBe(200);
  });

  test('parallel guesses from one address split over both instances: only 5 reach the password check', async () => {
    const applicant = await registered();
    const [onA, onB] = browser();
    const tokens = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? onB : onA).captchaToken()));
    const replies = await Promise.all(tokens.map((captchaToken, i) =>
      (i % 2 ? onB : onA).post('/api/v1/sessions', { idNumber: applicant.idNumber, password: `Wrong${i}23#`, captchaToken })));
    expect(replies.map((r) => r.status).sort()).toEqual([
      ...Array(LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS).fill(401), ...Array(12 - LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS).fill(429),
    ]);
  });

  test('a captcha token is one use: spent on A, refused on B; sent to both at once, taken once', async () => {
    const [onA, onB] = browser();
    const token = await captchaAcross(onA, onB);
    const body = (captchaToken: string) => ({ purpose: 'register', channel: 'sms', to: phoneNumber(), captchaToken });
    expect((await onA.post('/api/v1/otp', body(token))).status).toBe(200);
    const replayed = await onB.post('/api/v1/otp', body(token));
    expect(replayed.status).toBe(400);
    expect(replayed.body.error.code).toBe('CAPTCHA_REQUIRED');

    for (let round = 0; round < 3; round++) {
      const shared = await captchaAcross(round % 2 ? onB : onA, round % 2 ? onA : onB);
      const both = await Promise.all([onA, onB].map((client) => client.post('/api/v1/otp', body(shared))));
      expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    }
  });

  test('WeChat push dedupe: the same push to A then B is handled once', async () => {
    // A text message: B answers a retry with A's reply.
    const text = textPush(`o_${randomBytes(6).toString('hex')}`, '忘记密码怎么办');
    const first = await push(a.url, text);
    expect(replyText(first)).toBeTruthy();
    expect(replyText(await push(b.url, text))).toBe(replyText(first));

    // An event with an effect (解除绑定): if B ran it again, it would answer 尚未绑定.
    const applicant = await registered();
    const [site] = browser();
    const loggedIn = await site.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: await site.captchaToken() });
    const openid = `o_${randomBytes(6).toString('hex')}`;
    const wechat = new ApiClient(b.url);
    wechat.token = (await wechat.post('/api/v1/wechat/session', { code: `dev-${openid}` })).body.token;
    expect((await wechat.post('/api/v1/wechat/bind', { accountToken: loggedIn.body.token })).status).toBe(200);

    const click = eventPush(openid, 'CLICK', 'UNBIND');
    const unbound = replyText(await push(a.url, click));
    expect(unbound).toContain('已解除');
    expect(replyText(await push(b.url, click))).toBe(unbound);
    // A new click (another CreateTime) is new work, and there is nothing bound any more.
    expect(replyText(await push(b.url, eventPush(openid, 'CLICK', 'UNBIND')))).toContain('尚未绑定');
  });

  test('one WeChat access token for both instances, and a refused token replaced once, not twice', async () => {
    const issued = async () => ((await (await fetch(`${a.url}/dev/wechat-api/stats`)).json()) as { tokensIssued: number }).tokensIssued;
    /** WeChat users with a session each (made one after another: the sessions are not what is tested here). */
    const wechatUsers = async (count: number) => {
      const users = [];
      for (let i = 0; i < count; i++) {
        const openid = `o_${randomBytes(6).toString('hex')}`;
        const client = new ApiClient(i % 2 ? b.url : a.url);
        const session = await client.post('/api/v1/wechat/session', { code: `dev-${openid}` });
        expect(session.status).toBe(200);
        client.token = session.body.token;
        users.push({ openid, client });
      }
      return users;
    };
    /** 取验证码 from `count` WeChat users at once, alternating instances: each sends a customer-service message. */
    const sendCodes = async (count: number) => {
      const users = await wechatUsers(count);
      const sent = await Promise.all(users.map(({ client }) => client.post('/api/v1/wechat/otp', { idNumber: newApplicant().idNumber })));
      expect(sent.map((reply) => reply.status)).toEqual(Array(count).fill(200));
      for (const { openid, client } of users) expect((await client.lastMessage(openid))?.channel).toBe('wechat');
    };

    expect(await issued()).toBe(0);
    await sendCodes(8);
    expect(await issued()).toBe(1);
    await sendCodes(4);
    expect(await issued()).toBe(1);

    // WeChat stops taking the token (someone else fetched a new one): both instances see 40001, one refresh follows.
    expect((await fetch(`${b.url}/dev/wechat-api/invalidate-token`, { method: 'POST' })).status).toBe(204);
    await sendCodes(8);
    expect(await issued()).toBe(2);
  });

  test(`the state the instances share is in the ${target} Redis`, async () => {
    const prefix = pair.env.REDIS_KEY_PREFIX!;
    const perServer = await redis.keysPerServer(prefix);
    if (target === 'cluster') {
      // Spread over the masters by hash slot, and none of it in the run's single Redis.
      expect(perServer.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
      expect(await countKeys(process.env.TEST_REDIS_URL!, prefix)).toBe(0);
    } else {
      expect(perServer[0]).toBeGreaterThan(0);
    }
  });

  for (const run of following) run(() => pair);
}
