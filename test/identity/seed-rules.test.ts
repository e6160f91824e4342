/**
 * Seed rules of verification and review (issue 10, items 11–13): manual review is for applicants who have not
 * passed verification, and its rejection never takes a passed status away; a staff name correction sends the
 * applicant back to verification; 港澳台居民居住证 holders are verified with their 通行证; an applicant who lost
 * both contacts asks support (修改手机（邮箱）信息), and staff decide it with the handheld photo.
 */
import { ApiClient, newApplicant, register, login, registeredApplicant } from '../support/client';
import { hkmoPermit, phoneNumber, qqMail, residencePermitId, residentId } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';
import { jpeg, manualReviewForm, multipart, registerIdentity } from './helpers';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const reviewer = { id: 'staff-seed-1', name: '审核员丙', role: 'reviewer' as const };
const desk = () => server.services.review.desk;

async function verifiedApplicant() {
  const registered = await registeredApplicant(server.url);
  await registerIdentity(registered.client, registered.applicant);
  expect((await registered.client.post('/api/v1/me/verification', {})).body.status).toBe('verified');
  return registered;
}

describe('manual review is for applicants who have not passed verification', () => {
  it('refuses a verified applicant with the manual\'s message, and a manually approved one', async () => {
    const { client } = await verifiedApplicant();
    const refused = await client.post('/api/v1/me/manual-reviews', await manualReviewForm());
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'ALREADY_VERIFIED', message: '您已通过实名核验，无需申请人工审核' });
    expect((await client.get('/api/v1/me/verification')).body.manualReviewsLeft).toBe(3);

    const other = await registeredApplicant(server.url);
    const submitted = await other.client.post('/api/v1/me/manual-reviews', await manualReviewForm());
    await desk().decide(submitted.body.id, reviewer, { outcome: 'approved', reason: null, reply: null });
    expect((await other.client.get('/api/v1/me/verification')).body.status).toBe('manual-approved');
    expect((await other.client.post('/api/v1/me/manual-reviews', await manualReviewForm())).body.error.code).toBe('ALREADY_VERIFIED');
  });

  it('a rejection never takes a passed status away', async () => {
    const { client, account } = await registeredApplicant(server.url);
    const submitted = await client.post('/api/v1/me/manual-reviews', await manualReviewForm());
    // The account passed verification while the review waited (as a staff approval elsewhere or a data fix would leave it).
    await server.deps.accounts.updateOne({ _id: account.id }, { $set: { 'verification.status': 'verified' } });
    await desk().decide(submitted.body.id, reviewer, { outcome: 'rejected', reason: '民族错误', reply: null });
    expect((await client.get('/api/v1/me/verification')).body).toMatchObject({ status: 'verified', reason: null });
  });
});

describe('a staff name correction', () => {
  it('sends the applicant back to verification and tells them', async () => {
    const { client, applicant } = await verifiedApplicant();
    const email = qqMail();
    const request = await new ApiClient(server.url).post('/api/v1/support-requests', multipart(
      { kind: 'name-garbled', idType: applicant.idType, idNumber: applicant.idNumber, name: '张叁', phone: applicant.phone, email, description: '姓名显示为乱码' },
      { photo: { data: await jpeg(10_000) } },
    ));
    expect(request.status).toBe(202);
    await desk().open(request.body.id, reviewer);
    const changes = await desk().correct(request.body.id, reviewer, { name: '张叁' });
    expect(changes).toEqual([{ field: 'name', from: applicant.name, to: '张叁' }]);
    expect((await client.get('/api/v1/me/verification')).body).toMatchObject({ status: 'unverified', name: '张叁' });
    expect((await client.lastMessage(email))?.text).toContain('重新进行实名认证');
  });
});

describe('港澳台居民居住证 holders are verified with their 通行证', () => {
  async function permitResident() {
    const client = new ApiClient(server.url);
    const applicant = newApplicant({ idType: 'residence-permit', region: 'hk', idNumber: residencePermitId('hk'), validity: '5y', validFrom: '2024-01-01', name: '陈小明' });
    expect((await register(client, applicant)).status).toBe(201);
    expect((await login(client, applicant.idNumber, applicant.password)).status).toBe(200);
    return { client, applicant };
  }

  it('needs the 通行证号码 before a try is spent', async () => {
    const { client } = await permitResident();
    const refused = await client.post('/api/v1/me/verification', {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields.passNumber).toContain('通行证');
    expect((await client.get('/api/v1/me/verification')).body.remainingToday).toBe(3);
  });

  it('sends the pass number and name to the identity check, not the residence permit number', async () => {
    const { client, applicant } = await permitResident();
    const pass = hkmoPermit();
    const profile = await client.request('PATCH', '/api/v1/me', {
      ethnicity: '汉族', gender: 'male', birthDate: '1992-01-01', passNumber: pass, localIdNumber: 'A1234567',
    });
    expect(profile.status).toBe(200);
    // Known to the identity check by the residence permit only: the try fails.
    await registerIdentity(client, { idType: 'residence-permit', idNumber: applicant.idNumber, name: applicant.name });
    expect((await client.post('/api/v1/me/verification', {})).body.status).toBe('failed');
    // Known by the 港澳居民来往内地通行证: it passes.
    await registerIdentity(client, { idType: 'hkmo-permit', idNumber: pass, name: applicant.name });
    expect((await client.post('/api/v1/me/verification', {})).body.status).toBe('verified');
  });
});

describe('修改手机（邮箱）信息 as a support request', () => {
  it('is decided by staff with the handheld photo: the account takes the new contacts, its sessions end, the old ones are told', async () => {
    const { client, applicant } = await registeredApplicant(server.url);
    const newPhone = phoneNumber();
    const newMail = qqMail();
    const asker = new ApiClient(server.url);
    const filed = await asker.post('/api/v1/support-requests', multipart(
      { kind: 'contact-info', idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, phone: newPhone, email: newMail, description: '手机、邮箱信息发生变化，申请修改。' },
      { photo: { data: await jpeg(10_000) } },
    ));
    expect(filed.status).toBe(202);
    expect((await asker.get(`/api/v1/support-requests/${filed.body.id}`)).body).toMatchObject({ kind: 'contact-info', status: 'pending', reply: null });
    const opened = await desk().open(filed.body.id, reviewer);
    expect(opened.item.photos.map((p) => p.role)).toEqual(['photo']);
    await desk().decide(filed.body.id, reviewer, { outcome: 'approved', reason: null, reply: '已核实为本人' });
    expect((await client.get('/api/v1/me')).status).toBe(401);
    const again = await login(client, applicant.idNumber, applicant.password);
    expect(again.body.account).toMatchObject({ phone: `${newPhone.slice(0, 3)}*****${newPhone.slice(-2)}`, email: `${newMail[0]}*****@qq.com` });
    expect((await asker.lastMessage(applicant.phone))?.text).toContain('账号绑定手机号已根据修改申请改为');
    expect((await asker.lastMessage(applicant.email))?.text).toContain('账号绑定邮箱已根据修改申请改为');
    expect((await asker.lastMessage(newMail))?.text).toContain('已核实为本人');
    expect((await asker.get(`/api/v1/support-requests/${filed.body.id}`)).body).toMatchObject({ status: 'approved', reply: '已核实为本人' });
  });

  it('is not found by a made-up id', async () => {
    const reply = await new ApiClient(server.url).get('/api/v1/support-requests/not-a-real-ref');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('NOT_FOUND');
  });
});

describe('uploads are read only after the rate limit', () => {
  it('refuses a request over the daily limit before reading its body', async () => {
    const client = new ApiClient(server.url);
    for (let i = 0; i < 5; i++) {
      const reply = await client.post('/api/v1/support-requests', multipart(
        { kind: 'other', idType: 'resident-id', idNumber: residentId(), name: '赵六', phone: phoneNumber(), email: qqMail(), description: '其他问题' },
        { photo: { data: await jpeg(5_000) } },
      ));
      expect(reply.status).toBe(202);
    }
    // A body that the multipart parser would refuse (400) is not parsed at all: the limit answers first.
    const garbage = await client.request('POST', '/api/v1/support-requests', 'not a multipart body', { 'content-type': 'multipart/form-data; boundary=x' });
    expect(garbage.status).toBe(429);
    expect(garbage.body.error.code).toBe('RATE_LIMITED');
  });

  it('counts contact-change requests per address before reading them', async () => {
    const client = new ApiClient(server.url);
    const garbage = () => client.request('POST', '/api/v1/contact-changes', 'not a multipart body', { 'content-type': 'multipart/form-data; boundary=x' });
    for (let i = 0; i < 10; i++) expect((await garbage()).status).toBe(400);
    const over = await garbage();
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('RATE_LIMITED');
  });
});
