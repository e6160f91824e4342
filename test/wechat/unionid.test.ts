/**
 * Issue 10 item 9: the service account and a mini-program with an AppID of its own give one person different
 * openids; bindings are keyed on the UnionID, keeping each app's openid, so an account bound in one app works in
 * the other, and 取验证码 from the mini-program reaches the person's service-account conversation. Binding
 * documents are found by `_id` only.
 */
import { randomBytes } from 'node:crypto';
import { ApiClient, newApplicant, registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';
import { eventPush, push, wechatEnv } from './wechat-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ...wechatEnv(), WECHAT_MINIAPP_APP_ID: 'wxminiapp00000001', WECHAT_MINIAPP_APP_SECRET: 'mini-secret' });
});
afterAll(async () => { await server.close(); });

const newPerson = () => `p_${randomBytes(5).toString('hex')}`;

/** The person in the mini-program: wx.login gives a code the emulator maps to openid mp_<person>. */
async function inMiniapp(person: string) {
  const client = new ApiClient(server.url);
  const session = await client.post('/api/v1/wechat/session', { code: `dev-${person}`, via: 'miniapp' });
  expect(session.status).toBe(200);
  client.token = session.body.token;
  return { client, bound: session.body.bound as boolean };
}

/** The person in the service account's H5 pages: web OAuth with the browser's state cookie; openid <person>. */
async function inServiceAccount(person: string) {
  const start = await fetch(`${server.url}/api/v1/wechat/oauth?next=/pages/bind/index`, { redirect: 'manual' });
  const cookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const reply = await fetch(`${server.url}/api/v1/wechat/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ code: `dev-${person}`, via: 'web', state }),
  });
  expect(reply.status).toBe(200);
  const body = await reply.json() as { token: string; bound: boolean };
  const client = new ApiClient(server.url);
  client.token = body.token;
  return { client, bound: body.bound };
}

it('取验证码 in the mini-program of a follower: the code reaches the service-account conversation; registering binds the person in both apps', async () => {
  const person = newPerson();
  expect((await push(server.url, eventPush(person, 'subscribe'))).status).toBe(200);
  const mini = await inMiniapp(person);
  expect(mini.bound).toBe(false);
  const applicant = newApplicant();
  const sent = await mini.client.post('/api/v1/wechat/otp', { idNumber: applicant.idNumber });
  expect(sent.status).toBe(200);
  expect(await mini.client.lastMessage(`mp_${person}`)).toBeUndefined();
  const code = await mini.client.lastCode(person);

  const site = new ApiClient(server.url);
  const registered = await site.post('/api/v1/accounts', { ...applicant, otp: { channel: 'wechat', code }, captchaToken: await site.captchaToken(), agreed: true });
  expect(registered.status).toBe(201);
  expect((await inMiniapp(person)).bound).toBe(true);
  expect((await inServiceAccount(person)).bound).toBe(true);
});

it('an account bound in the mini-program resets its password from the service account, and 重置成功 arrives there', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const person = newPerson();
  const mini = await inMiniapp(person);
  const bound = await mini.client.post('/api/v1/wechat/bind', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: await mini.client.captchaToken() });
  expect(bound.status).toBe(200);

  const service = await inServiceAccount(person);
  expect(service.bound).toBe(true);
  expect((await service.client.post('/api/v1/wechat/password', { newPassword: 'Newpass123#' })).status).toBe(200);
  const login = new ApiClient(server.url);
  expect((await login.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: 'Newpass123#', captchaToken: await login.captchaToken() })).status).toBe(200);
  const deadline = Date.now() + 3000;
  let notice;
  while (!(notice = await login.lastMessage(person)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(notice?.text).toContain('重置成功');

  // And the other way: unbinding in the service account unbinds the mini-program too.
  expect((await service.client.request('DELETE', '/api/v1/wechat/bind')).status).toBe(204);
  expect((await inMiniapp(person)).bound).toBe(false);
});

it('a mini-program user never seen in the service account is asked to follow it first', async () => {
  const mini = await inMiniapp(newPerson());
  const reply = await mini.client.post('/api/v1/wechat/otp', { idNumber: newApplicant().idNumber });
  expect(reply.status).toBe(403);
  expect(reply.body.error.message).toContain('请先关注“中国教师资格服务号”');
});

it('stores each binding as two documents keyed by _id: the person (UnionID) and the account', async () => {
  const { applicant, account } = await registeredApplicant(server.url);
  const person = newPerson();
  const mini = await inMiniapp(person);
  await mini.client.post('/api/v1/wechat/bind', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: await mini.client.captchaToken() });
  const db = server.deps.mongo.db!;
  const byPerson = await db.collection('wechat_bindings').findOne({ _id: `user:u:un_${person}` as never });
  const byAccount = await db.collection('wechat_bindings').findOne({ _id: `account:${account.id}` as never });
  expect(byPerson?.accountId).toBe(account.id);
  expect(byAccount?.userKey).toBe(`u:un_${person}`);
  const openids = await db.collection('wechat_users').findOne({ _id: `u:un_${person}` as never });
  expect(openids?.openids).toEqual({ miniapp: `mp_${person}` });
});
