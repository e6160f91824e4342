/**
 * The real server on a real Redis Cluster (three masters on loopback, scripts/local-services.ts): the flows whose
 * keys a script, a MULTI or a multi-key command touches work there (no CROSSSLOT), each keeping its rule: codes
 * with their daily limit, the login lockout and its clearing by a reset, one-use captcha tokens, sessions (and
 * ending the others on a password change), the reset flows, the development outbox, WeChat dedupe and the
 * emulator's token, and the keys are spread over the masters.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startRedisCluster, type RunningRedisCluster } from '../../scripts/local-services';
import { ApiClient, login, registeredApplicant } from '../support/client';
import { phoneNumber } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';
import { eventPush, push, replyText, textPush, wechatEnv } from '../wechat/wechat-server';

jest.setTimeout(120_000);

let cluster: RunningRedisCluster;
let server: TestServer;

beforeAll(async () => {
  cluster = await startRedisCluster();
  server = await startTestServer({ REDIS_CLUSTER_NODES: cluster.nodes.join(','), ...wechatEnv() });
});
afterAll(async () => {
  await server?.close();
  await cluster?.stop();
});

const portOf = (node: string) => new URL(node).port;
const redisCli = (node: string, ...args: string[]) => execFileSync('redis-cli', ['-p', portOf(node), ...args], { encoding: 'utf8' }).trim();

test('it is a cluster of three masters with every slot served, and the server is ready on it', async () => {
  expect(cluster.nodes).toHaveLength(3);
  for (const node of cluster.nodes) {
    expect(redisCli(node, 'cluster', 'info')).toMatch(/cluster_state:ok[\s\S]*cluster_slots_assigned:16384/);
  }
  const ready = await new ApiClient(server.url).get('/readyz');
  expect(ready).toMatchObject({ status: 200, body: { mongodb: 'up', redis: 'up' } });
});

test('registration: captcha, an SMS code (script over five keys), the outbox, the account, a session', async () => {
  const { client, account } = await registeredApplicant(server.url);
  expect(account.id).toBeTruthy();
  expect((await client.get('/api/v1/me')).status).toBe(200);
  expect((await client.request('DELETE', '/api/v1/sessions/current')).status).toBe(204);
  expect((await client.get('/api/v1/me')).status).toBe(401);
});

test('codes: three SMS codes a phone a day, the fourth refused', async () => {
  const phone = phoneNumber();
  for (let i = 0; i < 3; i++) expect((await new ApiClient(server.url).sendCode('register', 'sms', phone)).status).toBe(200);
  const fourth = await new ApiClient(server.url).sendCode('register', 'sms', phone);
  expect(fourth.status).toBe(429);
  expect(fourth.body.error.code).toBe('OTP_DAILY_LIMIT');
});

test('a captcha token is spent by its first use', async () => {
  const client = new ApiClient(server.url);
  const captchaToken = await client.captchaToken();
  expect((await client.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: phoneNumber(), captchaToken })).status).toBe(200);
  const again = await client.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: phoneNumber(), captchaToken });
  expect(again.body.error.code).toBe('CAPTCHA_REQUIRED');
});

test('login lockout: five failures lock the address out; a reset by SMS code clears it', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const attacker = new ApiClient(server.url);
  for (let i = 0; i < 5; i++) expect((await login(attacker, applicant.idNumber, 'Wrong123#')).status).toBe(401);
  const locked = await login(attacker, applicant.idNumber, applicant.password);
  expect(locked.body.error.code).toBe('LOGIN_LOCKED');
  expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(200);

  const reset = new ApiClient(server.url);
  const started = await reset.post('/api/v1/password-resets', {
    idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await reset.captchaToken(),
  });
  expect(started.status).toBe(200);
  expect((await reset.post(`/api/v1/password-resets/${started.body.resetId}/sms`)).status).toBe(200);
  const code = await reset.lastCode(applicant.phone);
  expect((await reset.post('/api/v1/password-resets/complete', { resetId: started.body.resetId, code, newPassword: 'BySms123!' })).status).toBe(204);
  expect((await login(attacker, applicant.idNumber, 'BySms123!')).status).toBe(200);
});

test('a mail reset link works once', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const client = new ApiClient(server.url);
  const started = await client.post('/api/v1/password-resets', {
    idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await client.captchaToken(),
  });
  expect((await client.post(`/api/v1/password-resets/${started.body.resetId}/email`)).status).toBe(202);
  const token = decodeURIComponent(/#token=([\w%-]+)/.exec((await client.lastMessage(applicant.email))!.text)![1]!);
  expect((await client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword: 'Reset123$' })).status).toBe(204);
  const reused = await client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword: 'Other123$' });
  expect(reused.body.error.code).toBe('OTP_INVALID');
});

test('a password change keeps the session that made it and ends the others', async () => {
  const { client, applicant } = await registeredApplicant(server.url);
  const other = new ApiClient(server.url);
  expect((await login(other, applicant.idNumber, applicant.password)).status).toBe(200);
  const changed = await client.request('PUT', '/api/v1/me/password', { oldPassword: applicant.password, newPassword: 'Another123#' });
  expect(changed.status).toBe(204);
  expect((await client.get('/api/v1/me')).status).toBe(200);
  expect((await other.get('/api/v1/me')).status).toBe(401);
});

test('WeChat: a retried push gets the first reply; a QR binding goes through the emulator\'s token', async () => {
  const fields = textPush(`o_${randomBytes(6).toString('hex')}`, '重置密码');
  const results = await Promise.all([1, 2, 3].map(() => push(server.url, fields)));
  for (const result of results) expect(replyText(result)).toBe(replyText(results[0]!));

  const { client } = await registeredApplicant(server.url);
  const qr = await client.post('/api/v1/me/wechat/qrcode');
  expect(qr.status).toBe(200);
  const scene = (await client.get(`/dev/wechat-api/qrcode-scene?ticket=${encodeURIComponent(qr.body.ticket)}`)).body.scene as string;
  expect(replyText(await push(server.url, eventPush(`o_${randomBytes(6).toString('hex')}`, 'SCAN', scene)))).toContain('绑定成功');
  expect((await client.get('/api/v1/me/wechat')).body.bound).toBe(true);
});

test('the keys are spread over the masters, not piled on one', () => {
  const counts = cluster.nodes.map((node) => Number(redisCli(node, 'dbsize')));
  expect(counts.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
});
