/**
 * 修改账号绑定的联系方式 over HTTP: started from a password reset, proven by a code to the new contact and a
 * handheld photo, one pending at a time, refused for enrolled accounts, answered at the new contact.
 */
import { Types } from 'mongoose';
import { ApiClient, registeredApplicant, type Applicant } from '../support/client';
import { phoneNumber, qqMail } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';
import { jpeg, multipart, png } from './helpers';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const reviewer = { id: new Types.ObjectId().toString(), name: '审核员乙', role: 'reviewer' as const };

async function startReset(client: ApiClient, applicant: Applicant): Promise<string> {
  const reply = await client.post('/api/v1/password-resets', {
    idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await client.captchaToken(),
  });
  if (reply.status !== 200) throw new Error(`reset: ${JSON.stringify(reply.body)}`);
  return reply.body.resetId;
}

async function changeForm(client: ApiClient, resetId: string, kind: 'email' | 'phone', newValue: string, overrides: Record<string, string> = {}, photo?: Buffer) {
  const sent = await client.sendCode(kind === 'email' ? 'change-email' : 'change-phone', kind === 'email' ? 'email' : 'sms', newValue);
  if (sent.status !== 200) throw new Error(`otp: ${JSON.stringify(sent.body)}`);
  const code = await client.lastCode(newValue);
  return multipart({ resetId, kind, newValue, code, reason: '原邮箱已停用，无法接收重置邮件', ...overrides }, { photo: { data: photo ?? await jpeg(25_000) } });
}

async function applicantInReset() {
  const { applicant, account } = await registeredApplicant(server.url);
  const client = new ApiClient(server.url);
  const resetId = await startReset(client, applicant);
  return { client, applicant, account, resetId };
}

describe('asking to change the bound mail address', () => {
  it('is accepted as pending, shows its status, and refuses a second one while pending', async () => {
    const { client, resetId } = await applicantInReset();
    const newMail = qqMail();
    const submitted = await client.post('/api/v1/contact-changes', await changeForm(client, resetId, 'email', newMail));
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'pending' });
    expect(submitted.body.message).toContain('1个工作日内');
    const status = await client.get(`/api/v1/contact-changes/${submitted.body.id}`);
    expect(status.body).toMatchObject({ id: submitted.body.id, kind: 'email', status: 'pending', reason: null });
    const again = await client.post('/api/v1/contact-changes', await changeForm(client, resetId, 'email', qqMail()));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REQUEST_PENDING');
  });

  it('needs the code sent to the new address', async () => {
    const { client, resetId } = await applicantInReset();
    const newMail = qqMail();
    const form = await changeForm(client, resetId, 'email', newMail, { code: '000000' });
    const wrong = await client.post('/api/v1/contact-changes', form);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('OTP_INVALID');
  });

  it('needs an open password reset', async () => {
    const client = new ApiClient(server.url);
    const expired = await client.post('/api/v1/contact-changes', await changeForm(client, 'no-such-reset', 'email', qqMail()));
    expect(expired.status).toBe(404);
    expect(expired.body.error.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('refuses a PNG photo and leaves nothing behind, the code still usable', async () => {
    const { client, resetId, account } = await applicantInReset();
    const newMail = qqMail();
    const form = await changeForm(client, resetId, 'email', newMail, {}, await png());
    const bad = await client.post('/api/v1/contact-changes', form);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('UPLOAD_INVALID');
    expect(await server.deps.mongo.collection('review_cases').countDocuments({ accountId: account.id })).toBe(0);
    const code = await client.lastCode(newMail);
    const good = await client.post('/api/v1/contact-changes', multipart(
      { resetId, kind: 'email', newValue: newMail, code, reason: '原邮箱已停用' }, { photo: { data: await jpeg(10_000) } },
    ));
    expect(good.status).toBe(202);
  });

  it('is refused for an account with an 认定 or 定期注册 application', async () => {
    const { client, resetId, applicant } = await applicantInReset();
    const unauthorised = await client.post('/internal/v1/enrollments', { idType: applicant.idType, idNumber: applicant.idNumber, kind: 'certification' });
    expect(unauthorised.status).toBe(401);
    const wrongToken = await client.request('POST', '/internal/v1/enrollments', { idType: applicant.idType, idNumber: applicant.idNumber, kind: 'certification' }, { authorization: 'Bearer nope' });
    expect(wrongToken.status).toBe(401);
    const recorded = await client.request('POST', '/internal/v1/enrollments',
      { idType: applicant.idType, idNumber: applicant.idNumber, kind: 'registration' }, { authorization: 'Bearer test-internal-token' });
    expect(recorded.status).toBe(201);
    const twice = await client.request('POST', '/internal/v1/enrollments',
      { idType: applicant.idType, idNumber: applicant.idNumber, kind: 'registration' }, { authorization: 'Bearer test-internal-token' });
    expect(twice.status).toBe(201);
    const refused = await client.post('/api/v1/contact-changes', await changeForm(client, resetId, 'email', qqMail()));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ENROLLED');
    expect(refused.body.error.message).toContain('请登录账号后自行修改相应联系方式');
    // An applicant who cannot log in either is pointed to the support request for lost contacts.
    expect(refused.body.error.message).toContain('修改手机（邮箱）信息');
    expect(refused.body.error.details).toMatchObject({ supportKind: 'contact-info', route: '/api/v1/support-requests' });
  });

  it('records enrollments only for registered accounts', async () => {
    const client = new ApiClient(server.url);
    const unknown = await client.request('POST', '/internal/v1/enrollments',
      { idType: 'resident-id', idNumber: '11010119900307001X', kind: 'registration' }, { authorization: 'Bearer test-internal-token' });
    expect([400, 404]).toContain(unknown.status);
  });
});

describe('staff decisions on contact changes', () => {
  it('an approved mail change binds the new address and mails it a fresh 24-hour reset link that works', async () => {
    const { client, resetId, applicant } = await applicantInReset();
    const newMail = qqMail();
    const submitted = await client.post('/api/v1/contact-changes', await changeForm(client, resetId, 'email', newMail));
    await server.services.review.desk.decide(submitted.body.id, reviewer, { outcome: 'approved', reason: null, reply: null });
    const mail = await client.lastMessage(newMail);
    expect(mail?.text).toContain('审核通过');
    expect(mail?.text).toContain('24小时内有效');
    const token = /token=([^\s&]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeTruthy();
    const completed = await client.post('/api/v1/password-resets/complete', { linkToken: decodeURIComponent(token!), newPassword: 'NewPass#2025' });
    expect(completed.status).toBe(204);
    const login = await client.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: 'NewPass#2025', captchaToken: await client.captchaToken() });
    expect(login.status).toBe(200);
    expect(login.body.account.email).toBe(`${newMail[0]}*****@qq.com`);
    expect((await client.get(`/api/v1/contact-changes/${submitted.body.id}`)).body.status).toBe('approved');
  });

  it('an approved phone change binds the new number and tells it by SMS', async () => {
    const { client, resetId, applicant } = await applicantInReset();
    const newPhone = phoneNumber();
    const submitted = await client.post('/api/v1/contact-changes', await changeForm(client, resetId, 'phone', newPhone));
    expect(submitted.status).toBe(202);
    await server.services.review.desk.decide(submitted.body.id, reviewer, { outcome: 'approved', reason: null, reply: null });
    const sms = await client.lastMessage(newPhone);
    expect(sms).toMatchObject({ channel: 'sms' });
    expect(sms?.text).toContain('短信验证重置密码');
    const again = await client.post('/api/v1/password-resets', {
      idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await client.captchaToken(),
    });
    expect(again.body.phone).toBe(`${newPhone.slice(0, 3)}*****${newPhone.slice(-2)}`);
  });

  it('an approval ends every session of the account and tells the old contact what changed', async () => {
    const { client: loggedIn, applicant } = await registeredApplicant(server.url);
    const client = new ApiClient(server.url);
    const resetId = await startReset(client, applicant);
    const newPhone = phoneNumber();
    const submitted = await client.post('/api/v1/contact-changes', await changeForm(client, resetId, 'phone', newPhone));
    expect((await loggedIn.get('/api/v1/me')).status).toBe(200);
    await server.services.review.desk.decide(submitted.body.id, reviewer, { outcome: 'approved', reason: null, reply: null });
    expect((await loggedIn.get('/api/v1/me')).status).toBe(401);
    const notice = await client.lastMessage(applicant.phone);
    expect(notice?.text).toContain(`已根据修改申请改为${newPhone.slice(0, 3)}*****${newPhone.slice(-2)}`);
    expect(notice?.text).not.toContain(newPhone);
  });

  it('a rejection tells the reason at the new contact and allows a new request', async () => {
    const { client, resetId } = await applicantInReset();
    const newMail = qqMail();
    const submitted = await client.post('/api/v1/contact-changes', await changeForm(client, resetId, 'email', newMail));
    await server.services.review.desk.decide(submitted.body.id, reviewer, { outcome: 'rejected', reason: '手持证件照片不清晰', reply: null });
    expect((await client.lastMessage(newMail))?.text).toContain('不通过原因：手持证件照片不清晰');
    const status = await client.get(`/api/v1/contact-changes/${submitted.body.id}`);
    expect(status.body).toMatchObject({ status: 'rejected', reason: '手持证件照片不清晰' });
    expect((await client.post('/api/v1/contact-changes', await changeForm(client, resetId, 'email', qqMail()))).status).toBe(202);
  });
});
