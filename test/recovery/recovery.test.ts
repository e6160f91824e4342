import { createHash } from 'node:crypto';
import { ApiClient, login, registeredApplicant, type Applicant } from '../support/client';
import { residentId } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ PUBLIC_URL: 'https://www.jszg.edu.cn' }); });
afterAll(async () => { await server.close(); });

async function startReset(client: ApiClient, applicant: Pick<Applicant, 'idType' | 'idNumber' | 'name'>) {
  return client.post('/api/v1/password-resets', {
    idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await client.captchaToken(),
  });
}

function linkTokenIn(text: string): string {
  const match = /https:\/\/www\.jszg\.edu\.cn\/pages\/reset\/index#token=([\w%-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no reset link in: ${text}`);
  return decodeURIComponent(match[1]);
}

test('identifying the account shows the masked contacts and whether WeChat is bound', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const reply = await startReset(new ApiClient(server.url), applicant);
  expect(reply.status).toBe(200);
  expect(reply.body).toEqual({
    resetId: expect.any(String),
    email: `${applicant.email[0]}*****@qq.com`,
    phone: `${applicant.phone.slice(0, 3)}*****${applicant.phone.slice(-2)}`,
    wechat: false,
  });
});

test('type, number and name must all match: otherwise the FAQ message', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const mismatches = [
    { ...applicant, name: '李四' },
    { ...applicant, idType: 'hkmo-permit' },
    { ...applicant, idNumber: residentId() },
  ];
  for (const attempt of mismatches) {
    const reply = await startReset(new ApiClient(server.url), attempt);
    expect(reply.status).toBe(404);
    expect(reply.body.error).toEqual({
      code: 'ACCOUNT_NOT_FOUND',
      message: '请输入您已注册的证件号码作为账号，并选择与之匹配的证件类型，如您未在系统中注册账号，请先注册。',
    });
  }
});

test('mail link: valid 24 hours, one use, ends every session, and the new password works', async () => {
  const { client: session, applicant } = await registeredApplicant(server.url);
  const client = new ApiClient(server.url);
  const { resetId } = (await startReset(client, applicant)).body;
  expect((await client.post(`/api/v1/password-resets/${resetId}/email`)).status).toBe(202);
  const mail = await client.lastMessage(applicant.email);
  expect(mail?.subject).toBe('中国教师资格网重置密码');
  const token = linkTokenIn(mail!.text);
  const key = `reset-link:${createHash('sha256').update(token).digest('base64url')}`;
  const ttl = await server.deps.redis.ttl(key);
  expect(ttl).toBeGreaterThan(86_400 - 10);
  expect(ttl).toBeLessThanOrEqual(86_400);

  const weak = await client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword: 'short' });
  expect(weak.body.error.code).toBe('VALIDATION_FAILED');
  expect((await client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword: 'Reset123$' })).status).toBe(204);
  const reused = await client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword: 'Other123$' });
  expect(reused.body.error.code).toBe('OTP_INVALID');

  expect((await session.get('/api/v1/me')).status).toBe(401);
  expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(401);
  expect((await login(new ApiClient(server.url), applicant.idNumber, 'Reset123$')).status).toBe(200);
});

test('a mail link dies when the password changes another way first', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const client = new ApiClient(server.url);
  const { resetId } = (await startReset(client, applicant)).body;
  await client.post(`/api/v1/password-resets/${resetId}/email`);
  const token = linkTokenIn((await client.lastMessage(applicant.email))!.text);
  await new Promise((r) => setTimeout(r, 5));
  await client.post(`/api/v1/password-resets/${resetId}/sms`);
  const code = await client.lastCode(applicant.phone);
  expect((await client.post('/api/v1/password-resets/complete', { resetId, code, newPassword: 'BySms123!' })).status).toBe(204);
  const late = await client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword: 'ByMail123!' });
  expect(late.body.error.code).toBe('OTP_INVALID');
});

test('SMS code: sent to the bound phone; a wrong code is refused; the right one resets', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const client = new ApiClient(server.url);
  const { resetId } = (await startReset(client, applicant)).body;
  const sent = await client.post(`/api/v1/password-resets/${resetId}/sms`);
  expect(sent.body).toEqual({ expiresIn: 300 });
  const code = await client.lastCode(applicant.phone);
  const wrong = await client.post('/api/v1/password-resets/complete', { resetId, code: code === '000000' ? '111111' : '000000', newPassword: 'BySms123!' });
  expect(wrong.body.error.code).toBe('OTP_INVALID');
  expect((await client.post('/api/v1/password-resets/complete', { resetId, code, newPassword: 'BySms123!' })).status).toBe(204);
  expect((await login(new ApiClient(server.url), applicant.idNumber, 'BySms123!')).status).toBe(200);
});

test('the SMS way has the phone’s 3-a-day limit for reset codes (registration codes count apart)', async () => {
  const { applicant } = await registeredApplicant(server.url); // registration used one code, of its own purpose
  const client = new ApiClient(server.url);
  const { resetId } = (await startReset(client, applicant)).body;
  for (let i = 0; i < 3; i++) expect((await client.post(`/api/v1/password-resets/${resetId}/sms`)).status).toBe(200);
  const fourth = await client.post(`/api/v1/password-resets/${resetId}/sms`);
  expect(fourth.status).toBe(429);
  expect(fourth.body.error.code).toBe('OTP_DAILY_LIMIT');
});

test('an unknown or expired reset is told to start again', async () => {
  const client = new ApiClient(server.url);
  const reply = await client.post('/api/v1/password-resets/not-a-real-reset-id-123/email');
  expect(reply.status).toBe(404);
  expect(reply.body.error.code).toBe('ACCOUNT_NOT_FOUND');
  const complete = await client.post('/api/v1/password-resets/complete', { resetId: 'not-a-real-reset-id-123', code: '123456', newPassword: 'Abc12345#' });
  expect(complete.body.error.code).toBe('ACCOUNT_NOT_FOUND');
});

test('starting a reset needs the captcha', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const reply = await new ApiClient(server.url).post('/api/v1/password-resets', { idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: 'forged' });
  expect(reply.body.error.code).toBe('CAPTCHA_REQUIRED');
});

test('the link opens the app\'s reset page with the token in the fragment, which no request carries', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const client = new ApiClient(server.url);
  const { body } = await startReset(client, applicant);
  expect((await client.post(`/api/v1/password-resets/${body.resetId}/email`, {})).status).toBe(202);
  const mail = await client.lastMessage(applicant.email);
  expect(mail?.text).toMatch(/https:\/\/www\.jszg\.edu\.cn\/pages\/reset\/index#token=[\w%-]+/);
  expect(mail?.text).not.toMatch(/[?&]token=/);
  // The server's own reset page is gone: the app's page is the only one.
  expect((await fetch(`${server.url}/password-reset?token=abc`)).status).toBe(404);
});
