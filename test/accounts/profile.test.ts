import { ApiClient, login, register, registeredApplicant, newPermitHolder, newApplicant } from '../support/client';
import { phoneNumber, qqMail, residencePermitId } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

async function loggedIn(applicant: ReturnType<typeof newApplicant>) {
  const client = new ApiClient(server.url);
  expect((await register(client, applicant)).status).toBe(201);
  expect((await login(client, applicant.idNumber, applicant.password)).status).toBe(200);
  return client;
}

test('居民身份证: the profile is complete once the ethnic group is given', async () => {
  const { client } = await registeredApplicant(server.url);
  expect((await client.get('/api/v1/me')).body.profileComplete).toBe(false);
  const unknown = await client.request('PATCH', '/api/v1/me', { ethnicity: '火星族' });
  expect(unknown.body.error.details.fields).toHaveProperty('ethnicity');
  const reply = await client.request('PATCH', '/api/v1/me', { ethnicity: '满族' });
  expect(reply.status).toBe(200);
  expect(reply.body).toMatchObject({ ethnicity: '满族', profileComplete: true });
});

test('居民身份证 holders cannot set gender or birth date: the number decides them', async () => {
  const { client } = await registeredApplicant(server.url);
  const reply = await client.request('PATCH', '/api/v1/me', { gender: 'female' });
  expect(reply.status).toBe(400);
  expect(reply.body.error.code).toBe('VALIDATION_FAILED');
});

test('港澳居民来往内地通行证: gender, birth date, ethnic group and local ID number complete the profile', async () => {
  const client = await loggedIn(newPermitHolder());
  const partial = await client.request('PATCH', '/api/v1/me', { ethnicity: '汉族', gender: 'male', birthDate: '1985-06-01' });
  expect(partial.body.profileComplete).toBe(false);
  const passNumber = await client.request('PATCH', '/api/v1/me', { passNumber: 'H12345678' });
  expect(passNumber.status).toBe(400);
  const done = await client.request('PATCH', '/api/v1/me', { localIdNumber: 'a1234567' });
  expect(done.body).toMatchObject({ profileComplete: true, localIdNumber: 'A1****67', gender: 'male', birthDate: '1985-06-01' });
});

test('港澳台居民居住证 holders also give the pass number', async () => {
  const client = await loggedIn(newApplicant({ idType: 'residence-permit', region: 'hk', idNumber: residencePermitId('hk'), validity: '5y', validFrom: '2024-01-01' }));
  await client.request('PATCH', '/api/v1/me', { ethnicity: '汉族', gender: 'male', birthDate: '1992-01-01', localIdNumber: 'A1234567' });
  expect((await client.get('/api/v1/me')).body.profileComplete).toBe(false);
  const done = await client.request('PATCH', '/api/v1/me', { passNumber: 'h12345678' });
  expect(done.body).toMatchObject({ profileComplete: true, passNumber: 'H1*****78' });
});

test('validity changes recompute the end date and respect the document type', async () => {
  const { client } = await registeredApplicant(server.url);
  const reply = await client.request('PATCH', '/api/v1/me', { validity: '10y', validFrom: '2019-10-15' });
  expect(reply.body).toMatchObject({ validity: '10y', validFrom: '2019-10-15', validTo: '2029-10-15' });
  const twClient = await loggedIn(newApplicant({ idType: 'tw-permit', idNumber: '1' + String(Date.now()).slice(-7), validity: '5y', validFrom: '2023-01-01', name: '林一' }));
  expect((await twClient.request('PATCH', '/api/v1/me', { validity: '20y' })).body.error.code).toBe('VALIDATION_FAILED');
});

test('fields that cannot be changed are refused: the document, the name', async () => {
  const { client } = await registeredApplicant(server.url);
  for (const change of [{ idNumber: '110101199003071234' }, { name: '李四' }, {}]) {
    const reply = await client.request('PATCH', '/api/v1/me', change);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('VALIDATION_FAILED');
  }
});

test('a new mail address needs a change-email code sent to it and the password again', async () => {
  const { client, applicant } = await registeredApplicant(server.url);
  const email = qqMail();
  expect((await client.request('PATCH', '/api/v1/me', { email })).body.error.details.fields).toHaveProperty('emailCode');
  await client.sendCode('change-email', 'email', email);
  const code = await client.lastCode(email);
  const noPassword = await client.request('PATCH', '/api/v1/me', { email, emailCode: code });
  expect(noPassword.status).toBe(400);
  expect(noPassword.body.error.details.fields).toHaveProperty('password');
  const wrongPassword = await client.request('PATCH', '/api/v1/me', { email, emailCode: code, password: 'Wrong123#' });
  expect(wrongPassword.body.error.details.fields).toHaveProperty('password');
  expect((await client.request('PATCH', '/api/v1/me', { email, emailCode: code === '000000' ? '111111' : '000000', password: applicant.password })).body.error.code).toBe('OTP_INVALID');
  const reply = await client.request('PATCH', '/api/v1/me', { email, emailCode: code, password: applicant.password });
  expect(reply.body.email).toBe(`${email[0]}*****@qq.com`);
});

test('a new phone number needs a change-phone code sent to it', async () => {
  const { client, applicant } = await registeredApplicant(server.url);
  const phone = phoneNumber();
  await client.sendCode('change-phone', 'sms', applicant.phone);
  const codeToOldPhone = await client.lastCode(applicant.phone);
  expect((await client.request('PUT', '/api/v1/me/phone', { phone, code: codeToOldPhone, password: applicant.password })).body.error.code).toBe('OTP_INVALID');
  await client.sendCode('change-phone', 'sms', phone);
  const code = await client.lastCode(phone);
  const noPassword = await client.request('PUT', '/api/v1/me/phone', { phone, code });
  expect(noPassword.body.error.details.fields).toHaveProperty('password');
  const wrongPassword = await client.request('PUT', '/api/v1/me/phone', { phone, code, password: 'Wrong123#' });
  expect(wrongPassword.body.error.details.fields).toHaveProperty('password');
  const reply = await client.request('PUT', '/api/v1/me/phone', { phone, code, password: applicant.password });
  expect(reply.status).toBe(200);
  expect(reply.body.phone).toBe(`${phone.slice(0, 3)}*****${phone.slice(-2)}`);
});

test('password guesses in the personal centre are throttled per account, even in parallel', async () => {
  const { client, applicant } = await registeredApplicant(server.url);
  const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    client.request('PUT', '/api/v1/me/password', { oldPassword: `Guess${i}123#`, newPassword: 'Another123#' })));
  expect(guesses.filter((g) => g.status === 400)).toHaveLength(5);
  expect(guesses.filter((g) => g.status === 429 && g.body.error.code === 'RATE_LIMITED')).toHaveLength(3);
  // Throttled means throttled: the right password is refused too until the window passes.
  const right = await client.request('PUT', '/api/v1/me/password', { oldPassword: applicant.password, newPassword: 'Another123#' });
  expect(right.status).toBe(429);
});

test('GET /api/v1/me says what comes next: 完善个人信息, then 实名认证, then nothing', async () => {
  const { client, applicant } = await registeredApplicant(server.url);
  expect((await client.get('/api/v1/me')).body).toMatchObject({ nextStep: 'complete-profile' });
  expect((await client.get('/api/v1/me')).body.notice).toContain('完善个人信息');
  const completed = await client.request('PATCH', '/api/v1/me', { ethnicity: '汉族', validity: '20y', validFrom: '2015-01-01' });
  expect(completed.body).toMatchObject({ profileComplete: true, nextStep: 'verify', notice: '您还未进行实名认证，需进入“个人信息中心”完成实名认证，再办理业务！' });
  await client.post('/dev/identity-registry', { idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name });
  expect((await client.post('/api/v1/me/verification', {})).body.status).toBe('verified');
  expect((await client.get('/api/v1/me')).body).toMatchObject({ nextStep: null, notice: null });
});

test('the personal centre needs a session', async () => {
  const anonymous = new ApiClient(server.url);
  for (const [method, path] of [['GET', '/api/v1/me'], ['PATCH', '/api/v1/me'], ['PUT', '/api/v1/me/password'], ['PUT', '/api/v1/me/phone']] as const) {
    const reply = await anonymous.request(method, path, method === 'GET' ? undefined : {});
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('UNAUTHENTICATED');
  }
});
