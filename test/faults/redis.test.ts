/**
 * Redis paused (SIGSTOP), killed and slowed under a running server: what needs it answers 503 UNAVAILABLE
 * naming `redis` within 3 s, never a hang (a paused Redis keeps its connections open, so only a bound on each
 * command ends the wait); /readyz follows the truth; the server serves again by itself once Redis is back; and
 * no account is lost or duplicated, nor (when Redis only paused) any session.
 */
import { shanghaiDate } from '../../shared/src/dates';
import { ApiClient, login, newApplicant, registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';
import { expectUnavailable, readiness, sleep, startStores, timed, until } from './support';

jest.setTimeout(60_000);

let stores: Awaited<ReturnType<typeof startStores>>;
let server: TestServer;
const applicants: Array<Awaited<ReturnType<typeof registeredApplicant>>> = [];

beforeAll(async () => {
  stores = await startStores();
  server = await startTestServer(stores.env);
  applicants.push(await registeredApplicant(server.url), await registeredApplicant(server.url));
});
afterAll(async () => {
  await server?.close(1000);
  await stores?.stop();
});

async function expectDown(client: ApiClient) {
  const { applicant } = applicants[0]!;
  expectUnavailable(await timed(() => client.post('/api/v1/captcha')), 'redis');
  expectUnavailable(await timed(() => applicants[0]!.client.get('/api/v1/me')), 'redis');
  expectUnavailable(await timed(() => client.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: 'x'.repeat(43) })), 'redis');
  expectUnavailable(await timed(() => client.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: applicant.phone, captchaToken: 'x'.repeat(43) })), 'redis');
  const ready = await readiness(client);
  expect(ready).toMatchObject({ status: 503, body: { mongodb: 'up', redis: 'down' } });
  expect(ready.ms).toBeLessThan(1500);
  expect((await client.get('/healthz')).status).toBe(200);
  expect((await client.get('/api/v1/meta')).status).toBe(200);
}

async function expectRecovered(client: ApiClient): Promise<number> {
  const recoveredIn = await until(async () => (await client.get('/readyz')).status === 200);
  const { applicant } = applicants[0]!;
  expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(200);
  return recoveredIn;
}

test('paused (SIGSTOP): 503 within 3 s for each of 20 requests at once; after SIGCONT back by itself, sessions intact', async () => {
  const client = new ApiClient(server.url);
  stores.redis.hang();
  try {
    await expectDown(client);
    const burst = await Promise.all(Array.from({ length: 20 }, () => timed(() => applicants[1]!.client.get('/api/v1/me'))));
    for (const reply of burst) expectUnavailable(reply, 'redis');
  } finally {
    stores.redis.resume();
  }
  expect(await expectRecovered(client)).toBeLessThan(5000);
  for (const { client: signedIn } of applicants) expect((await signedIn.get('/api/v1/me')).status).toBe(200);
});

test('paused: a code request answered 503 does not run late when Redis resumes (no code stored, nothing counted), and a code spent late stays good', async () => {
  const client = new ApiClient(server.url);
  const phone = newApplicant().phone;
  const captchaToken = await client.captchaToken();
  // A code to spend, sent before the pause.
  const spender = newApplicant();
  expect((await client.sendCode('register', 'sms', spender.phone)).status).toBe(200);
  const code = await client.lastCode(spender.phone);
  const target = { purpose: 'register' as const, channel: 'sms' as const, to: spender.phone };
  stores.redis.hang();
  try {
    expectUnavailable(await timed(() => client.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: phone, captchaToken })), 'redis');
    // Spending the code times out too (what a registration's spend would meet at this moment).
    await expect(server.services.codes.consume(target, code)).rejects.toThrow();
  } finally {
    stores.redis.resume();
  }
  await expectRecovered(client);
  await sleep(200);
  // Redis ran the queued commands on resuming: the code scripts saw their deadline passed and did nothing.
  expect(await server.deps.redis.exists(`{codes}:code:register:sms:${phone}`)).toBe(0);
  expect(await server.deps.redis.get(`{codes}:code-daily:register:sms:${phone}:${shanghaiDate()}`)).toBeNull();
  const registered = await client.post('/api/v1/accounts', { ...spender, otp: { channel: 'sms', code }, captchaToken: await client.captchaToken(), agreed: true });
  expect(registered.status).toBe(201);
  applicants.push({ client: new ApiClient(server.url), applicant: spender, account: registered.body });
});

test('paused: a login attempt answered 503 is not counted when Redis resumes and runs it late', async () => {
  const subject = 'late-attempt';
  const address = '203.0.113.9';
  stores.redis.hang();
  try {
    await expect(server.services.loginLockout.attempt(subject, address)).rejects.toThrow();
    await sleep(100);
  } finally {
    stores.redis.resume();
  }
  await until(async () => (await new ApiClient(server.url).get('/readyz')).status === 200);
  await sleep(200);
  // Redis ran the queued script on resuming: past its deadline, it took nothing.
  expect(await server.deps.redis.hGet(`{login-fail}:pairs:${subject}`, address)).toBeNull();
  expect(await server.deps.redis.get(`{login-fail}:address:${address}`)).toBeNull();
  expect(await server.deps.redis.get(`{login-fail}:subject:${subject}`)).toBeNull();
  // In time, it counts as ever.
  expect(await server.services.loginLockout.attempt(subject, address)).toBe(true);
  expect(await server.deps.redis.get(`{login-fail}:subject:${subject}`)).toBe('1');
});

test('slowed: a little delay on every chunk costs time but no errors; a delay past the bound is a 503 within 3 s', async () => {
  const client = new ApiClient(server.url);
  stores.redis.proxy.delayMs = 50;
  try {
    const slow = await timed(() => applicants[0]!.client.get('/api/v1/me'));
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThan(100);
    expect(slow.ms).toBeLessThan(3000);
    stores.redis.proxy.delayMs = 1500;
    expectUnavailable(await timed(() => applicants[0]!.client.get('/api/v1/me')), 'redis');
    expect((await readiness(client)).status).toBe(503);
  } finally {
    stores.redis.proxy.delayMs = 0;
  }
  expect(await expectRecovered(client)).toBeLessThan(5000);
});

test('killed: 503 within 3 s, back by itself once it is restarted', async () => {
  const client = new ApiClient(server.url);
  await stores.redis.kill();
  try {
    await expectDown(client);
  } finally {
    await stores.redis.restart();
  }
  expect(await expectRecovered(client)).toBeLessThan(5000);
});

test('audit: no account lost or duplicated; a new registration and login work after all of it', async () => {
  const fresh = await registeredApplicant(server.url);
  applicants.push(fresh);
  const accounts = await server.deps.accounts.find({}, { _id: 1 }).lean();
  expect(accounts).toHaveLength(applicants.length);
  expect(new Set(accounts.map((a) => String(a._id))).size).toBe(applicants.length);
  // This Redis keeps no data across a kill (no persistence configured), so the earlier sessions died with it;
  // the accounts did not: each logs in again.
  for (const { applicant } of applicants) expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(200);
});
