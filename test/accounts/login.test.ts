import { ApiClient, login, registeredApplicant } from '../support/client';
import { residentId } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

test('login answers a token and the masked account; the token opens /me', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const client = new ApiClient(server.url);
  const reply = await login(client, ` ${applicant.idNumber.toLowerCase()} `, applicant.password);
  expect(reply.status).toBe(200);
  expect(reply.body.account.idNumber).toMatch(/^\d\d\*{14}[\dX]{2}$/);
  expect((await client.get('/api/v1/me')).status).toBe(200);
});

test('a wrong password and an unknown account both answer 登录失败！', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const wrong = await login(new ApiClient(server.url), applicant.idNumber, 'Wrong123#');
  const unknown = await login(new ApiClient(server.url), residentId(), applicant.password);
  for (const reply of [wrong, unknown]) {
    expect(reply.status).toBe(401);
    expect(reply.body.error).toEqual({ code: 'LOGIN_FAILED', message: '登录失败！' });
  }
});

test('login needs the slider captcha', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const reply = await new ApiClient(server.url).post('/api/v1/sessions', { idNumber: applicant.idNumber, password: applicant.password });
  expect(reply.status).toBe(400);
  expect(reply.body.error.code).toBe('VALIDATION_FAILED');
  const forged = await new ApiClient(server.url).post('/api/v1/sessions', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: 'x' });
  expect(forged.body.error.code).toBe('CAPTCHA_REQUIRED');
});

test('five failures from one address lock that address out of the account, even with the right password', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const guesser = new ApiClient(server.url);
  for (let i = 0; i < 5; i++) {
    expect((await login(guesser, applicant.idNumber, 'Wrong123#')).status).toBe(401);
  }
  const locked = await login(guesser, applicant.idNumber, applicant.password);
  expect(locked.status).toBe(429);
  expect(locked.body.error.code).toBe('LOGIN_LOCKED');
  // The account as a whole locks only at far more failures (test/security/lockout.test.ts).
  expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(200);
});

test('twenty failures from one address lock that address, not others', async () => {
  const attacker = new ApiClient(server.url);
  for (let i = 0; i < 20; i++) await login(attacker, residentId(), 'Wrong123#');
  const { applicant } = await registeredApplicant(server.url);
  expect((await login(attacker, applicant.idNumber, applicant.password)).body.error.code).toBe('LOGIN_LOCKED');
  expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(200);
});

test('logout ends the session at once', async () => {
  const { client } = await registeredApplicant(server.url);
  expect((await client.request('DELETE', '/api/v1/sessions/current')).status).toBe(204);
  const after = await client.get('/api/v1/me');
  expect(after.status).toBe(401);
  expect(after.body.error.code).toBe('UNAUTHENTICATED');
});

test('a forged or tampered token is refused', async () => {
  const { client } = await registeredApplicant(server.url);
  const [head, payload, signature] = client.token!.split('.');
  client.token = `${head}.${payload}.${signature!.slice(0, -2)}xx`;
  expect((await client.get('/api/v1/me')).status).toBe(401);
  client.token = undefined;
  expect((await client.get('/api/v1/me')).body.error.code).toBe('UNAUTHENTICATED');
});

test('a password change ends every other session, keeps this one, and the new password works', async () => {
  const { client, applicant } = await registeredApplicant(server.url);
  const other = new ApiClient(server.url);
  await login(other, applicant.idNumber, applicant.password);
  const wrongOld = await client.request('PUT', '/api/v1/me/password', { oldPassword: 'Nope1234#', newPassword: 'New12345@' });
  expect(wrongOld.body.error.details.fields).toHaveProperty('oldPassword');
  const weak = await client.request('PUT', '/api/v1/me/password', { oldPassword: applicant.password, newPassword: 'weak' });
  expect(weak.body.error.details.fields).toHaveProperty('newPassword');
  expect((await client.request('PUT', '/api/v1/me/password', { oldPassword: applicant.password, newPassword: 'New12345@' })).status).toBe(204);
  expect((await client.get('/api/v1/me')).status).toBe(200);
  expect((await other.get('/api/v1/me')).status).toBe(401);
  expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(401);
  expect((await login(new ApiClient(server.url), applicant.idNumber, 'New12345@')).status).toBe(200);
});
