/**
 * The service account end to end over the local WeChat emulator: follow, 取验证码, registration with the WeChat
 * code (which binds), binding by QR scan and in the mini-program, WeChat password reset, template messages.
 */
import { randomBytes } from 'node:crypto';
import { ApiClient, login, newApplicant, register, registeredApplicant, type Applicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';
import { menuFor } from '../../scripts/publish-menu';
import { staffDecisionNotifier } from '../../server/src/wechat/flows/notify';
import { eventPush, push, replyText, wechatEnv } from './wechat-server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(wechatEnv()); });
afterAll(async () => { await server.close(); });

const newOpenid = () => `o_${randomBytes(6).toString('hex')}`;

/** A WeChat user in the mini-program (or a menu page): its client carries the WeChat session token. */
async function wechatUser(openid = newOpenid()) {
  const client = new ApiClient(server.url);
  const session = await client.post('/api/v1/wechat/session', { code: `dev-${openid}` });
  expect(session.status).toBe(200);
  expect(JSON.stringify(session.body)).not.toContain(openid);
  client.token = session.body.token;
  return { client, openid, bound: session.body.bound as boolean };
}

async function wechatCode(client: ApiClient, openid: string, idNumber: string): Promise<string> {
  const sent = await client.post('/api/v1/wechat/otp', { idNumber });
  expect(sent.status).toBe(200);
  expect(sent.body.message).toBe('验证码已发送，请注意查收');
  const message = await client.lastMessage(openid);
  expect(message?.channel).toBe('wechat');
  return /验证码为(\d{6})/.exec(message!.text)![1]!;
}

/** The newest text in the user's conversation once 重置成功 is there (it is sent after the answer), or after 3 s. */
async function resetNoticeOf(user: { client: ApiClient; openid: string }): Promise<string | undefined> {
  const deadline = Date.now() + 3000;
  let last = await user.client.lastMessage(user.openid);
  while (!last?.text.includes('重置成功') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await user.client.lastMessage(user.openid);
  }
  return last?.text;
}

async function registerWithWechat(applicant: Applicant) {
  const user = await wechatUser();
  const code = await wechatCode(user.client, user.openid, applicant.idNumber);
  const site = new ApiClient(server.url);
  const registered = await site.post('/api/v1/accounts', { ...applicant, otp: { channel: 'wechat', code }, captchaToken: await site.captchaToken(), agreed: true });
  expect(registered.status).toBe(201);
  return { user, site, account: registered.body };
}

describe('取验证码 and registration with the WeChat code', () => {
  it('follow, ask for a code with the document number, register with it: the WeChat user is bound', async () => {
    const user = await wechatUser();
    expect(user.bound).toBe(false);
    expect(replyText(await push(server.url, eventPush(user.openid, 'subscribe')))).toContain('取验证码');

    const applicant = newApplicant();
    const code = await wechatCode(user.client, user.openid, applicant.idNumber);
    expect((await user.client.lastMessage(user.openid))!.text).toContain('账号注册');
    const site = new ApiClient(server.url);
    const registered = await site.post('/api/v1/accounts', { ...applicant, otp: { channel: 'wechat', code }, captchaToken: await site.captchaToken(), agreed: true });
    expect(registered.status).toBe(201);

    const again = await user.client.post('/api/v1/wechat/session', { code: `dev-${user.openid}` });
    expect(again.body.bound).toBe(true);
    const reset = await site.post('/api/v1/password-resets', { idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await site.captchaToken() });
    expect(reset.body.wechat).toBe(true);
  });

  it('a WeChat user bound already registers a second document with a code: the account is made, the binding stays', async () => {
    const first = newApplicant();
    const { user, site } = await registerWithWechat(first);
    const second = newApplicant();
    const code = await wechatCode(user.client, user.openid, second.idNumber);
    const registered = await site.post('/api/v1/accounts', { ...second, otp: { channel: 'wechat', code }, captchaToken: await site.captchaToken(), agreed: true });
    expect(registered.status).toBe(201);
    const wechatOffered = async (applicant: Applicant) => (await site.post('/api/v1/password-resets', {
      idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await site.captchaToken(),
    })).body.wechat;
    expect(await wechatOffered(first)).toBe(true);
    expect(await wechatOffered(second)).toBe(false);
  });

  it('keeps the daily limit per document number, as for SMS', async () => {
    const idNumber = newApplicant().idNumber;
    const users = await Promise.all([1, 2, 3, 4].map(() => wechatUser()));
    for (const user of users.slice(0, 3)) expect((await user.client.post('/api/v1/wechat/otp', { idNumber })).status).toBe(200);
    const fourth = await users[3]!.client.post('/api/v1/wechat/otp', { idNumber });
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('OTP_DAILY_LIMIT');
  });

  it('gives no code for a registered document to a WeChat user it is not bound to', async () => {
    const { applicant } = await registeredApplicant(server.url);
    const stranger = await wechatUser();
    const refused = await stranger.client.post('/api/v1/wechat/otp', { idNumber: applicant.idNumber });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ACCOUNT_EXISTS');
    expect(await stranger.client.lastMessage(stranger.openid)).toBeUndefined();
  });

  it('refuses without a WeChat session and with a bad document number', async () => {
    const anonymous = new ApiClient(server.url);
    expect((await anonymous.post('/api/v1/wechat/otp', { idNumber: newApplicant().idNumber })).status).toBe(401);
    expect((await anonymous.post('/api/v1/wechat/session', { code: 'not-a-wechat-code' })).status).toBe(401);
    const user = await wechatUser();
    const bad = await user.client.post('/api/v1/wechat/otp', { idNumber: '12345' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('binding', () => {
  it('binds a logged-in account by scanning the personal centre\'s QR code (SCAN and subscribe)', async () => {
    for (const via of ['SCAN', 'subscribe'] as const) {
      const { client } = await registeredApplicant(server.url);
      expect((await client.get('/api/v1/me/wechat')).body.bound).toBe(false);
      const qr = await client.post('/api/v1/me/wechat/qrcode');
      expect(qr.status).toBe(200);
      expect(qr.body.expiresIn).toBeGreaterThan(0);
      const scene = (await client.get(`/dev/wechat-api/qrcode-scene?ticket=${encodeURIComponent(qr.body.ticket)}`)).body.scene as string;
      const openid = newOpenid();
      const scanned = await push(server.url, eventPush(openid, via, via === 'SCAN' ? scene : `qrscene_${scene}`));
      expect(replyText(scanned)).toContain('绑定成功');
      expect((await client.get('/api/v1/me/wechat')).body.bound).toBe(true);
      // The QR code is spent: a second scan by someone else binds nothing.
      expect(replyText(await push(server.url, eventPush(newOpenid(), 'SCAN', scene)))).toContain('二维码已失效');
    }
  });

  it('binds in the mini-program with document number and password; one to one both ways; unbinds', async () => {
    const { applicant, client } = await registeredApplicant(server.url);
    const user = await wechatUser();
    const wrong = await user.client.post('/api/v1/wechat/bind', { idNumber: applicant.idNumber, password: 'Wrong123#', captchaToken: await user.client.captchaToken() });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('登录失败！');
    const bound = await user.client.post('/api/v1/wechat/bind', { idType: applicant.idType, idNumber: applicant.idNumber, password: applicant.password, captchaToken: await user.client.captchaToken() });
    expect(bound.status).toBe(200);
    expect((await client.get('/api/v1/me/wechat')).body.bound).toBe(true);

    const other = await wechatUser();
    const taken = await other.client.post('/api/v1/wechat/bind', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: await other.client.captchaToken() });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('WECHAT_BOUND');
    const second = await registeredApplicant(server.url);
    const twice = await user.client.post('/api/v1/wechat/bind', { accountToken: second.client.token });
    expect(twice.status).toBe(409);

    expect((await client.request('DELETE', '/api/v1/me/wechat')).status).toBe(204);
    expect((await client.get('/api/v1/me/wechat')).body.bound).toBe(false);
    expect((await other.client.post('/api/v1/wechat/bind', { accountToken: client.token })).status).toBe(200);
    expect((await other.client.request('DELETE', '/api/v1/wechat/bind')).status).toBe(204);
    expect((await client.get('/api/v1/me/wechat')).body.bound).toBe(false);
  });
});

describe('重置密码 through WeChat', () => {
  it('resets the bound account\'s password, ends every session and says 重置成功 in the conversation', async () => {
    const applicant = newApplicant();
    const { user } = await registerWithWechat(applicant);
    const site = new ApiClient(server.url);
    expect((await login(site, applicant.idNumber, applicant.password)).status).toBe(200);

    const reset = await user.client.post('/api/v1/wechat/password', { newPassword: 'New12345@' });
    expect(reset.status).toBe(200);
    expect((await site.get('/api/v1/me')).status).toBe(401);
    expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(401);
    expect((await login(new ApiClient(server.url), applicant.idNumber, 'New12345@')).status).toBe(200);
    expect(await resetNoticeOf(user)).toContain('重置成功');
  });

  it('refuses an unbound WeChat user and a password against the rule', async () => {
    const user = await wechatUser();
    expect((await user.client.post('/api/v1/wechat/password', { newPassword: 'New12345@' })).status).toBe(404);
    const { user: bound } = await registerWithWechat(newApplicant());
    const weak = await bound.client.post('/api/v1/wechat/password', { newPassword: '12345678' });
    expect(weak.status).toBe(400);
  });

  it('a reset code from 取验证码 completes an open reset flow of the bound account', async () => {
    const applicant = newApplicant();
    const { user, site } = await registerWithWechat(applicant);
    const started = await site.post('/api/v1/password-resets', { idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await site.captchaToken() });
    const code = await wechatCode(user.client, user.openid, applicant.idNumber);
    expect((await user.client.lastMessage(user.openid))!.text).toContain('重置密码');
    const asSms = await site.post('/api/v1/password-resets/complete', { resetId: started.body.resetId, code, newPassword: 'Other123$' });
    expect(asSms.body.error.code).toBe('OTP_INVALID');
    const completed = await site.post('/api/v1/password-resets/complete', { resetId: started.body.resetId, code, newPassword: 'Other123$', channel: 'wechat' });
    expect(completed.status).toBe(204);
    expect((await login(new ApiClient(server.url), applicant.idNumber, 'Other123$')).status).toBe(200);
    // A reset the WeChat way closes like the service account's own: 重置成功 arrives in the conversation.
    expect(await resetNoticeOf(user)).toContain('重置成功');
  });
});

describe('template messages', () => {
  it('sends a staff decision to the bound WeChat user, and nothing for an unbound account', async () => {
    const { user, account } = await registerWithWechat(newApplicant());
    const sent = await server.services.wechat.notifier.notifyAccount(account.id, { title: '人工审核结果通知', result: '审核通过', detail: '您的实名核验人工审核已通过。' });
    expect(sent).toBe(true);
    const message = await user.client.lastMessage(user.openid);
    expect(message?.subject).toBe('template:dev-decision-template');
    expect(message?.text).toContain('审核通过');

    const unbound = await registeredApplicant(server.url);
    expect(await server.services.wechat.notifier.notifyAccount(unbound.account.id, { title: 't', result: 'r' })).toBe(false);
  });
});

describe('staff decisions', () => {
  it('reach the bound applicant as a template message with the reason of a rejection', async () => {
    const { user, account } = await registerWithWechat(newApplicant());
    await staffDecisionNotifier(server.services.wechat.notifier, { publicUrl: server.deps.config.publicUrl })({
      accountId: account.id, kind: 'contact-change', outcome: 'rejected', reason: '照片不清晰', decidedAt: new Date(),
    });
    const message = await user.client.lastMessage(user.openid);
    expect(message?.text).toContain('修改账号绑定的联系方式审核结果通知');
    expect(message?.text).toContain('审核未通过');
    expect(message?.text).toContain('照片不清晰');
  });
});

describe('the menu', () => {
  it('is published from config/: each item opens the mini-program page, with the H5 page (through web OAuth) as fallback', async () => {
    await server.services.wechat.api.createMenu(menuFor('https://jszg.example', 'wx-miniapp-id'));
    const token = await server.services.wechat.api.tokens.current();
    const published = await new ApiClient(server.url).get(`/dev/wechat-api/cgi-bin/menu/get?access_token=${token}`);
    const buttons = published.body.menu.button;
    expect(buttons[0]).toEqual({
      type: 'miniprogram', name: '取验证码', appid: 'wx-miniapp-id', pagepath: 'pages/otp/index',
      url: 'https://jszg.example/api/v1/wechat/oauth?next=/pages/otp/index',
    });
    expect(buttons[1]).toMatchObject({ name: '重置密码', pagepath: 'pages/password/index' });
    const items = [...buttons, ...buttons[2].sub_button];
    expect(items.length).toBeLessThanOrEqual(3 + 5); // WeChat's limits: 3 buttons, 5 under each
    expect(items.find((item: { name: string }) => item.name === '绑定账号')).toMatchObject({ pagepath: 'pages/bind/index' });
    expect(JSON.stringify(buttons)).not.toContain('/wechat/pages');
  });

  it('has no server-rendered menu pages any more: each page exists once, in the app', async () => {
    const gone = await fetch(`${server.url}/wechat/pages/otp?code=dev-${newOpenid()}`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('registration still works by SMS next to it', () => {
  it('does not bind anything', async () => {
    const client = new ApiClient(server.url);
    const applicant = newApplicant();
    expect((await register(client, applicant)).status).toBe(201);
    await login(client, applicant.idNumber, applicant.password);
    expect((await client.get('/api/v1/me/wechat')).body.bound).toBe(false);
  });
});
