/**
 * The access token shared by two server instances through Redis: one refresh for both, not two; and when WeChat
 * refuses the token, one forced refresh however many calls noticed it.
 */
import { randomBytes } from 'node:crypto';
import { startTestServer, testEnv, type TestServer } from '../support/server';
import { wechatEnv } from './wechat-server';

let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  const shared = testEnv(wechatEnv());
  first = await startTestServer({ MONGODB_URI: shared.MONGODB_URI!, REDIS_KEY_PREFIX: shared.REDIS_KEY_PREFIX!, ...wechatEnv() });
  second = await startTestServer({
    MONGODB_URI: shared.MONGODB_URI!, REDIS_KEY_PREFIX: shared.REDIS_KEY_PREFIX!, ...wechatEnv(),
    WECHAT_API_BASE: `${first.url}/dev/wechat-api`,
  });
});
afterAll(async () => { await Promise.all([first.close(), second.close()]); });

const issued = async () => ((await (await fetch(`${first.url}/dev/wechat-api/stats`)).json()) as { tokensIssued: number }).tokensIssued;

async function sendFromBoth(times: number) {
  const openid = `o_${randomBytes(6).toString('hex')}`;
  await Promise.all(Array.from({ length: times }, (_, i) => (i % 2 ? first : second).services.wechat.api.sendText(openid, `消息${i}`)));
  const outbox = (await (await fetch(`${first.url}/dev/outbox?to=${openid}`)).json()) as unknown[];
  expect(outbox).toHaveLength(times);
}

it('refreshes the token once for both instances, and once more when WeChat refuses it', async () => {
  expect(await issued()).toBe(0);
  await sendFromBoth(20);
  expect(await issued()).toBe(1);
  await sendFromBoth(10);
  expect(await issued()).toBe(1);

  // WeChat stops accepting the token (another client took a new one): every call sees 40001, one refresh follows.
  await fetch(`${first.url}/dev/wechat-api/invalidate-token`, { method: 'POST' });
  await sendFromBoth(20);
  expect(await issued()).toBe(2);
});
