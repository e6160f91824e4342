/**
 * The staff site over HTTP: login with lockout, CSRF, security headers, queues oldest first with deadlines,
 * masked ID numbers except on an opened item, photos only for staff, two reviewers, support corrections and the
 * audit log.
 */
import { ApiClient, registeredApplicant } from '../support/client';
import { phoneNumber, qqMail, residentId } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';
import { jpeg, manualReviewForm, multipart } from '../identity/helpers';
import { StaffClient } from './staff-client';

let server: TestServer;
const PASSWORD = 'Review#Pass2025';

beforeAll(async () => {
  server = await startTestServer();
  await server.services.staff.create({ username: 'admin', displayName: '管理员', role: 'admin', password: PASSWORD });
  await server.services.staff.create({ username: 'alice', displayName: '审核员甲', role: 'reviewer', password: PASSWORD });
  await server.services.staff.create({ username: 'bob', displayName: '审核员乙', role: 'reviewer', password: PASSWORD });
});
afterAll(async () => { await server.close(); });

async function loggedIn(username: string) {
  const staff = new StaffClient(server.url);
  const reply = await staff.login(username, PASSWORD);
  expect(reply.status).toBe(302);
  expect(reply.location).toBe('/admin/queues/manual-review');
  return staff;
}

async function pendingReview() {
  const { client, applicant, account } = await registeredApplicant(server.url);
  const submitted = await client.post('/api/v1/me/manual-reviews', await manualReviewForm());
  expect(submitted.status).toBe(202);
  return { client, applicant, account, ref: submitted.body.id as string };
}

describe('staff login', () => {
  it('sends visitors to the login page and refuses a post without the CSRF cookie', async () => {
    const visitor = new StaffClient(server.url);
    const queue = await visitor.get('/admin/queues/manual-review');
    expect(queue.status).toBe(302);
    expect(queue.location).toBe('/admin/login');
    const forged = await visitor.request('POST', '/admin/login', { username: 'admin', password: PASSWORD, csrf: 'made-up' });
    expect(forged.status).toBe(403);
  });

  it('logs in with a session cookie that is HttpOnly and SameSite=Strict, with security headers', async () => {
    const staff = new StaffClient(server.url);
    await staff.get('/admin/login');
    const reply = await staff.post('/admin/login', { username: 'alice', password: PASSWORD });
    const cookie = reply.headers.getSetCookie().find((c) => c.startsWith('jszg_staff='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin/);
    const page = await staff.get('/admin/queues/manual-review');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('locks a username after 5 failures, even with the right password', async () => {
    await server.services.staff.create({ username: 'carol', displayName: '审核员丙', role: 'reviewer', password: PASSWORD });
    const staff = new StaffClient(server.url);
    for (let i = 0; i < 5; i++) {
      await staff.get('/admin/login');
      expect((await staff.post('/admin/login', { username: 'carol', password: 'wrong-password-1!' })).status).toBe(401);
    }
    await staff.get('/admin/login');
    const locked = await staff.post('/admin/login', { username: 'carol', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('登录失败次数过多');
  });

  it('ends the session on logout and refuses a logout without the CSRF token', async () => {
    const staff = await loggedIn('alice');
    await staff.get('/admin/queues/manual-review');
    expect((await staff.request('POST', '/admin/logout', { csrf: 'wrong' })).status).toBe(403);
    expect((await staff.post('/admin/logout', {})).location).toBe('/admin/login');
    expect((await staff.get('/admin/queues/manual-review')).location).toBe('/admin/login');
  });

  it('keeps staff pages from applicants: an applicant token is no staff session', async () => {
    const { client } = await registeredApplicant(server.url);
    const reply = await client.get('/admin/queues/manual-review');
    expect(reply.body).toContain('工作人员登录');
    expect(reply.body).not.toContain('人工审核队列');
  });
});

describe('queues and the detail page', () => {
  it('lists pending items oldest first with the working-day deadline and masked ID numbers', async () => {
    const first = await pendingReview();
    const second = await pendingReview();
    const staff = await loggedIn('alice');
    const page = await staff.get('/admin/queues/manual-review');
    const refs = [...page.body.matchAll(/data-ref="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.indexOf(first.ref)).toBeLessThan(refs.indexOf(second.ref));
    expect(page.body).not.toContain(first.applicant.idNumber);
    expect(page.body).toContain(`${first.applicant.idNumber.slice(0, 2)}**************${first.applicant.idNumber.slice(-2)}`);
    expect(page.body).toMatch(/剩余7个工作日|剩余6个工作日/);
  });

  it('shows the full ID number and the photos only on an opened item; photos need a staff session', async () => {
    const { ref, applicant } = await pendingReview();
    const staff = await loggedIn('alice');
    const detail = await staff.get(`/admin/cases/${ref}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toContain(applicant.idNumber);
    expect(detail.body).toContain(`/admin/cases/${ref}/photos/handheld`);
    const photo = await staff.get(`/admin/cases/${ref}/photos/idFront`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.headers.get('cache-control')).toBe('no-store');
    const anonymous = await new StaffClient(server.url).get(`/admin/cases/${ref}/photos/idFront`);
    expect(anonymous.status).toBe(401);
    expect((await new ApiClient(server.url).get(`/admin/cases/${ref}/photos/idFront`)).status).toBe(401);
  });

  it('lets only the reviewer who opened an item decide it', async () => {
    const { ref, client } = await pendingReview();
    const alice = await loggedIn('alice');
    const bob = await loggedIn('bob');
    await alice.get(`/admin/cases/${ref}`);
    const bobView = await bob.get(`/admin/cases/${ref}`);
    expect(bobView.body).toContain('正由审核员甲处理');
    expect(bobView.body).not.toContain('id="approve"');
    const bobTries = await bob.post(`/admin/cases/${ref}/decision`, { outcome: 'approved' });
    expect(bobTries.status).toBe(409);
    expect((await client.get('/api/v1/me/verification')).body.status).toBe('manual-pending');
    const rejected = await alice.post(`/admin/cases/${ref}/decision`, { outcome: 'rejected', reason: '民族错误' });
    expect(rejected.status).toBe(302);
    expect((await client.get('/api/v1/me/verification')).body).toMatchObject({ status: 'manual-rejected', reason: '民族错误' });
    expect((await alice.post(`/admin/cases/${ref}/decision`, { outcome: 'approved' })).status).toBe(409);
  });

  it('refuses a decision without the CSRF token, and a rejection without a reason', async () => {
    const { ref } = await pendingReview();
    const alice = await loggedIn('alice');
    await alice.get(`/admin/cases/${ref}`);
    expect((await alice.request('POST', `/admin/cases/${ref}/decision`, { outcome: 'approved', csrf: 'forged' })).status).toBe(403);
    expect((await alice.post(`/admin/cases/${ref}/decision`, { outcome: 'rejected', reason: '' })).status).toBe(400);
  });
});

describe('support requests', () => {
  async function supportRequest(kind: string, person: { idType: string; idNumber: string; name: string }, email = qqMail()) {
    const client = new ApiClient(server.url);
    const reply = await client.post('/api/v1/support-requests', multipart(
      { kind, ...person, phone: phoneNumber(), email, description: '姓名显示为乱码，请协助更正' }, { photo: { data: await jpeg(20_000) } },
    ));
    return { client, reply, email };
  }

  it('takes a request with a photo, acknowledges it by mail and refuses a duplicate while pending', async () => {
    const person = { idType: 'resident-id', idNumber: residentId(), name: '李四' };
    const { client, reply, email } = await supportRequest('account-check', person);
    expect(reply.status).toBe(202);
    expect(reply.body.status).toBe('pending');
    expect((await client.lastMessage(email))?.text).toContain('工作日24小时内回复');
    expect((await supportRequest('account-check', person)).reply.body.error.code).toBe('REQUEST_PENDING');
    expect((await supportRequest('other', person)).reply.status).toBe(202);
  });

  it('refuses a bad photo with UPLOAD_INVALID', async () => {
    const client = new ApiClient(server.url);
    const reply = await client.post('/api/v1/support-requests', multipart(
      { kind: 'other', idType: 'resident-id', idNumber: residentId(), name: '王五', phone: phoneNumber(), email: qqMail(), description: '其他问题' },
      { photo: { data: Buffer.from('not an image at all'), name: 'a.jpg' } },
    ));
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('UPLOAD_INVALID');
  });

  it('lets staff correct name and gender, audited, and answer by mail', async () => {
    const { client: applicantClient, applicant, account } = await registeredApplicant(server.url, { name: '张三' });
    const { reply, email, client } = await supportRequest('gender-wrong', { idType: applicant.idType, idNumber: applicant.idNumber, name: '张叁' });
    const ref = reply.body.id;
    const alice = await loggedIn('alice');
    const detail = await alice.get(`/admin/cases/${ref}`);
    expect(detail.body).toContain('更正账号信息');
    const before = (await applicantClient.get('/api/v1/me')).body.gender as 'male' | 'female';
    const other = before === 'male' ? 'female' : 'male';
    const corrected = await alice.post(`/admin/cases/${ref}/corrections`, { name: '张叁', gender: other });
    expect(corrected.location).toContain('notice=corrected');
    const me = (await applicantClient.get('/api/v1/me')).body;
    expect(me).toMatchObject({ name: '张叁', gender: other });
    const answered = await alice.post(`/admin/cases/${ref}/decision`, { outcome: 'approved', reply: '已为您更正性别和姓名，请重新登录核对。' });
    expect(answered.status).toBe(302);
    const mail = await client.lastMessage(email);
    expect(mail?.text).toContain('已为您更正性别和姓名');
    const audit = await alice.get(`/admin/audit?idType=resident-id&idNumber=${applicant.idNumber}`);
    expect(audit.body).toContain('将账号姓名由“张三”更正为“张叁”');
    const label = { male: '男', female: '女' };
    expect(audit.body).toContain(`将账号性别由“${label[before]}”更正为“${label[other]}”`);
    expect(audit.body).toContain('审核通过咨询求助申请');
    expect(audit.body).not.toContain(applicant.idNumber);
    expect(account.id).toBeTruthy();
  });
});

describe('the audit log and staff management', () => {
  it('records openings and decisions, searchable by account', async () => {
    const { ref, applicant } = await pendingReview();
    const alice = await loggedIn('alice');
    await alice.get(`/admin/cases/${ref}`);
    await alice.post(`/admin/cases/${ref}/decision`, { outcome: 'approved' });
    const audit = await alice.get(`/admin/audit?idType=resident-id&idNumber=${applicant.idNumber}`);
    expect(audit.body).toContain('审核员甲查看了人工审核申请');
    expect(audit.body).toContain('审核员甲审核通过人工审核申请');
    expect(audit.body).toContain('申请人提交人工审核');
  });

  it('lets only admins manage staff; a deactivated reviewer is logged out', async () => {
    const alice = await loggedIn('alice');
    expect((await alice.get('/admin/staff')).status).toBe(403);
    const admin = await loggedIn('admin');
    await admin.get('/admin/staff');
    const created = await admin.post('/admin/staff', { username: 'dave', displayName: '审核员丁', role: 'reviewer', password: PASSWORD });
    expect(created.location).toBe('/admin/staff?notice=created');
    const weak = await admin.post('/admin/staff', { username: 'erin', displayName: '审核员戊', role: 'reviewer', password: 'short' });
    expect(weak.status).toBe(400);
    const dave = await loggedIn('dave');
    const list = await admin.get('/admin/staff');
    const id = new RegExp(`/admin/staff/([0-9a-f]{24})/active"[^]*?`).exec(list.body.slice(list.body.indexOf('dave')))?.[1];
    expect(id).toBeTruthy();
    expect((await admin.post(`/admin/staff/${id}/active`, { active: '0' })).status).toBe(302);
    expect((await dave.get('/admin/queues/manual-review')).location).toBe('/admin/login');
  });
});
