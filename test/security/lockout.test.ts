/**
 * Issue 10 items 3 and 4: the attempt is counted before the password is checked, so parallel guesses cannot all
 * pass; a lock binds the account to the address that failed, so nobody can lock a chosen applicant or staff
 * member out; the account as a whole locks only at 100 consecutive failures, and a completed reset clears it.
 * Captcha on the WeChat bind's password login and on the staff login; the audit log keeps failed staff logins
 * trimmed and few.
 */
import { ApiClient, login, registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';
import { StaffClient } from '../admin/staff-client';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const STAFF_PASSWORD = 'Review#Pass2025';

describe('applicant login', () => {
  it('parallel guesses from one address: only five reach the password check', async () => {
    const { applicant } = await registeredApplicant(server.url);
    const attacker = new ApiClient(server.url);
    const tokens = await Promise.all(Array.from({ length: 12 }, () => attacker.captchaToken()));
    const replies = await Promise.all(tokens.map((captchaToken, i) =>
      attacker.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: `Wrong${i}23#`, captchaToken })));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('failures from one address lock that address out of the account, not the owner elsewhere', async () => {
    const { applicant } = await registeredApplicant(server.url);
    const attacker = new ApiClient(server.url);
    for (let i = 0; i < 5; i++) expect((await login(attacker, applicant.idNumber, 'Wrong123#')).status).toBe(401);
    const locked = await login(attacker, applicant.idNumber, applicant.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('LOGIN_LOCKED');
    expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(200);
  });

  it('locks the account as a whole only at 100 consecutive failures; a completed reset clears every lock', async () => {
    const { applicant, client } = await registeredApplicant(server.url);
    const login = server.services.login;
    const outcomes: string[] = [];
    // 20 addresses, 5 failures each: every address reaches its own limit and the account reaches 100.
    for (let a = 0; a < 20; a++) {
      const address = `192.0.2.${a + 1}`;
      const batch = await Promise.all(Array.from({ length: 5 }, () =>
        login.login(applicant.idNumber, 'Wrong123#', address).then(() => 'ok', (e: { code: string }) => e.code)));
      outcomes.push(...batch);
    }
    expect(outcomes.every((o) => o === 'LOGIN_FAILED')).toBe(true);
    // Now even the owner from a fresh address is refused, without a password check.
    await expect(login.login(applicant.idNumber, applicant.password, '198.51.100.99')).rejects.toMatchObject({ code: 'LOGIN_LOCKED' });

    // 忘记密码 by SMS code: the reset lifts the account's lock and every address's.
    const reset = new ApiClient(server.url);
    const started = await reset.post('/api/v1/password-resets', {
      idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await reset.captchaToken(),
    });
    expect(started.status).toBe(200);
    expect((await reset.post(`/api/v1/password-resets/${started.body.resetId}/sms`)).status).toBe(200);
    const code = await client.lastCode(applicant.phone);
    const done = await reset.post('/api/v1/password-resets/complete', { resetId: started.body.resetId, code, newPassword: 'Newpass123#' });
    expect(done.status).toBe(204);
    await expect(login.login(applicant.idNumber, 'Newpass123#', '198.51.100.99')).resolves.toMatchObject({ token: expect.any(String) });
    await expect(login.login(applicant.idNumber, 'Newpass123#', '192.0.2.1')).resolves.toMatchObject({ token: expect.any(String) });
  }, 90_000);

  it('a success gives the address its attempt back and ends the account’s consecutive count', async () => {
    const { applicant } = await registeredApplicant(server.url);
    const owner = new ApiClient(server.url);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await login(owner, applicant.idNumber, 'Wrong123#')).status).toBe(401);
      expect((await login(owner, applicant.idNumber, applicant.password)).status).toBe(200);
    }
  });
});

describe('WeChat bind by password', () => {
  it('needs a captcha token, spent once', async () => {
    const { applicant } = await registeredApplicant(server.url);
    const user = new ApiClient(server.url);
    const session = await user.post('/api/v1/wechat/session', { code: 'dev-o_bind_captcha' });
    user.token = session.body.token;
    const without = await user.post('/api/v1/wechat/bind', { idNumber: applicant.idNumber, password: applicant.password });
    expect(without.status).toBe(400);
    const captchaToken = await user.captchaToken();
    expect((await user.post('/api/v1/wechat/bind', { idNumber: applicant.idNumber, password: 'Wrong123#', captchaToken })).status).toBe(401);
    const reused = await user.post('/api/v1/wechat/bind', { idNumber: applicant.idNumber, password: applicant.password, captchaToken });
    expect(reused.body.error.code).toBe('CAPTCHA_REQUIRED');
    const bound = await user.post('/api/v1/wechat/bind', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: await user.captchaToken() });
    expect(bound.status).toBe(200);
  });
});

describe('staff login', () => {
  beforeAll(async () => {
    await server.services.staff.create({ username: 'admin', displayName: '管理员', role: 'admin', password: STAFF_PASSWORD });
  });

  it('asks a text question a screen reader can read, and refuses a wrong answer before the password', async () => {
    const staff = new StaffClient(server.url);
    const page = await staff.get('/admin/login');
    expect(page.body).toMatch(/<label for="captcha">验证问题：[零一二三四五六七八九十加减去和相结果是等于多少，？]+（请填写阿拉伯数字）<\/label>/);
    const wrong = await staff.post('/admin/login', { username: 'admin', password: STAFF_PASSWORD, captchaAnswer: '-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('答案不正确');
    const missing = await staff.post('/admin/login', { username: 'admin', password: STAFF_PASSWORD, captchaAnswer: '' });
    expect(missing.status).toBe(400);
    expect((await staff.post('/admin/login', { username: 'admin', password: STAFF_PASSWORD })).location).toBe('/admin/queues/manual-review');
  });

  it('failures from one address do not lock admin out elsewhere', async () => {
    const attacker = new StaffClient(server.url);
    for (let i = 0; i < 5; i++) {
      await attacker.get('/admin/login');
      expect((await attacker.post('/admin/login', { username: 'admin', password: 'wrong-password-1!' })).status).toBe(401);
    }
    await attacker.get('/admin/login');
    expect((await attacker.post('/admin/login', { username: 'admin', password: STAFF_PASSWORD })).status).toBe(429);

    const admin = new StaffClient(server.url);
    await admin.get('/admin/login');
    expect((await admin.post('/admin/login', { username: 'admin', password: STAFF_PASSWORD })).location).toBe('/admin/queues/manual-review');
  });

  it('parallel guesses from one address: only five reach the password check', async () => {
    const attackers = Array.from({ length: 10 }, () => new StaffClient(server.url));
    const address = '203.0.113.77';
    for (const a of attackers) Object.defineProperty(a, 'address', { value: address });
    for (const a of attackers) await a.get('/admin/login');
    const replies = await Promise.all(attackers.map((a) => a.post('/admin/login', { username: 'admin', password: 'wrong-password-2!' })));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it('writes failed logins to the audit log trimmed, and only a few per address', async () => {
    const before = (await server.services.audit.recent(1)).entries[0]?.n ?? 0;
    const staff = new StaffClient(server.url);
    const typed = `${'x'.repeat(500)}\u202e\n伪造的日志行`;
    for (let i = 0; i < 14; i++) {
      await staff.get('/admin/login');
      await staff.post('/admin/login', { username: `${typed}${i}`, password: 'wrong-password-1!' });
    }
    const after = (await server.services.audit.recent(1000)).entries;
    const added = after.filter((entry) => entry.n > before && entry.action === 'staff.login-failed');
    expect(added).toHaveLength(10);
    for (const entry of added) {
      const username = String(entry.detail.username);
      expect(username.length).toBeLessThanOrEqual(32);
      expect(username).not.toMatch(/[\u202e\n]/);
      expect(entry.summary.length).toBeLessThan(60);
    }
  });
});
