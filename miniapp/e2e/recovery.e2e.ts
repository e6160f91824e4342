/**
 * 忘记密码 and 咨询求助 end to end: the H5 build served by the real server at the site's root, in headless
 * Chromium. A forgotten password through the mail link (found in the development outbox), through an SMS code
 * and through WeChat (the web-OAuth route and the emulator's authorize form); a contact change requested in
 * the app, approved by staff on /admin, then a reset with the new phone; a support request and the staff's
 * answer; a reload on a deep route; the cache headers of the static files.
 *
 * Staff decide as E2E_STAFF_USERNAME (e2e/global-setup.ts creates one when it starts the server).
 * With SCREENSHOT_DIR set, each page is saved as recovery-<name>-phone.png and -desktop.png.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { appUrl, newClientAddress, newResidentId, sixDigitCode, type OutboxMessage } from './api';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };

let profileDir: string;
let context: BrowserContext;
let page: Page;
/** A real JPEG of a photo's size, drawn by the browser: what the applicant picks as the handheld photo. */
let photo: { name: string; mimeType: string; buffer: Buffer };

jest.setTimeout(240_000);

beforeAll(async () => {
  profileDir = mkdtempSync(path.join(os.tmpdir(), 'recovery-e2e-'));
  context = await chromium.launchPersistentContext(profileDir, {
    extraHTTPHeaders: { 'x-forwarded-for': newClientAddress() },
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: PHONE,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page = context.pages()[0] ?? await context.newPage();
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const draw = canvas.getContext('2d')!;
    for (let y = 0; y < 480; y += 8) {
      for (let x = 0; x < 640; x += 8) {
        draw.fillStyle = `rgb(${(x * 7 + y) % 256},${(x + y * 3) % 256},${(x * y) % 256})`;
        draw.fillRect(x, y, 8, 8);
      }
    }
    return canvas.toDataURL('image/jpeg', 0.8).split(',')[1]!;
  });
  photo = { name: 'handheld.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

const url = (route: string) => appUrl() + route;
const STAFF = () => {
  const username = process.env.E2E_STAFF_USERNAME;
  const password = process.env.E2E_STAFF_PASSWORD;
  if (!username || !password) throw new Error('set E2E_STAFF_USERNAME and E2E_STAFF_PASSWORD (a reviewer on the server at APP_URL)');
  return { username, password };
};

async function api<T = any>(method: 'GET' | 'POST', route: string, body?: object, headers: Record<string, string> = {}) {
  const response = await fetch(url(route), {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function outbox(to: string): Promise<OutboxMessage[]> {
  return (await api<OutboxMessage[]>('GET', `/dev/outbox?to=${encodeURIComponent(to)}`)).body;
}

async function captchaToken(): Promise<string> {
  const puzzle = await api<{ id: string }>('POST', '/api/v1/captcha', {});
  const { body } = await api<{ x: number }>('GET', `/dev/captcha/${puzzle.body.id}`);
  const verified = await api<{ captchaToken: string }>('POST', '/api/v1/captcha/verify', { id: puzzle.body.id, x: body.x, track: [[0, 0], [Math.round(body.x / 2), 200], [body.x, 400]] });
  return verified.body.captchaToken;
}

type Applicant = { idNumber: string; name: string; password: string; phone: string; email: string };

async function register(name: string): Promise<Applicant> {
  const digits = () => String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  const applicant = { idNumber: newResidentId(), name, password: 'Teacher#2020', phone: `13${digits()}`, email: `${digits()}1@qq.com` };
  await api('POST', '/api/v1/otp', { purpose: 'register', channel: 'sms', to: applicant.phone, captchaToken: await captchaToken() });
  const code = sixDigitCode((await outbox(applicant.phone))[0]?.text ?? '');
  const created = await api('POST', '/api/v1/accounts', {
    idType: 'resident-id', idNumber: applicant.idNumber, name, validity: '20y', validFrom: '2020-01-01',
    password: applicant.password, email: applicant.email, phone: applicant.phone, otp: { channel: 'sms', code },
    captchaToken: await captchaToken(), agreed: true,
  });
  if (created.status !== 201) throw new Error(`register: ${JSON.stringify(created.body)}`);
  return applicant;
}

async function canLogIn(idNumber: string, password: string): Promise<boolean> {
  return (await api('POST', '/api/v1/sessions', { idNumber, password, captchaToken: await captchaToken() })).status === 200;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page as it is now: no serious or critical WCAG 2.1 A/AA violation. */
async function expectAccessible(name: string): Promise<void> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

/** Checks the page with axe, and saves it at phone size and at desktop size when SCREENSHOT_DIR is set. */
async function screenshot(name: string): Promise<void> {
  await expectAccessible(name);
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(dir, `recovery-${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(dir, `recovery-${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
}

/** The page on top: the H5 router keeps the pages below it in the document, hidden. */
const current = () => page.locator('.taro_page').filter({ visible: true });
const field = (label: string | RegExp) => current().getByLabel(label);
const button = (name: string | RegExp) => current().getByRole('button', { name, exact: typeof name === 'string' });

/** Solves the slider with the keyboard, as its web version allows: arrow keys to the answer, then Enter. */
async function solveSlider(): Promise<void> {
  const puzzleReply = await page.waitForResponse((response) => response.url().endsWith('/api/v1/captcha') && response.request().method() === 'POST');
  const puzzle = (await puzzleReply.json()) as { id: string; width: number };
  const { body } = await api<{ x: number }>('GET', `/dev/captcha/${puzzle.id}`);
  const picture = current().locator('.captcha__background');
  await picture.waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.captcha__background')].every((img) => (img as HTMLImageElement).complete));
  const shownWidth = (await picture.boundingBox())!.width;
  const presses = Math.round((body.x * shownWidth) / puzzle.width / 2);
  const knob = current().getByRole('slider');
  await knob.focus();
  for (let i = 0; i < presses; i++) await knob.press('ArrowRight');
  await knob.press('Enter');
}

/** 输入账号 on the 忘记密码 page: type, number and name, 下一步, then the slider. */
async function identify(applicant: Applicant): Promise<void> {
  await page.goto(url('/pages/forgot/index'));
  await field(/证件号码/).fill(applicant.idNumber);
  await field(/姓名/).fill(applicant.name);
  const solved = solveSlider();
  await button('下一步').click();
  await solved;
  await current().getByText('安全验证').waitFor();
}

async function lastMessage(to: string, containing: RegExp): Promise<string> {
  for (let tries = 0; tries < 50; tries++) {
    const found = (await outbox(to)).find((message) => containing.test(message.text));
    if (found) return found.text;
    await page.waitForTimeout(100);
  }
  throw new Error(`no message to ${to} matching ${containing}`);
}

async function setNewPassword(password: string): Promise<void> {
  await field(/^\*?新密码/).fill(password);
  await field(/^\*?确认密码/).fill(password);
}

test('forgotten password through the mail link: the link opens the app\'s reset page with the token in the fragment', async () => {
  const applicant = await register('王小明');
  await identify(applicant);
  await current().getByText(`${applicant.email[0]}*****@qq.com`).waitFor();
  await screenshot('channels');
  await button('确认').click();
  await current().getByText(/重置邮件已发送至/).waitFor();

  const mail = await lastMessage(applicant.email, /pages\/reset\/index#token=/);
  const link = /https?:\/\/[^/\s]+(\/pages\/reset\/index#token=[\w%-]+)/.exec(mail)?.[1];
  expect(link).toBeTruthy();
  await page.goto(url(link!));
  await current().getByText('请设置新密码', { exact: false }).waitFor();
  expect(new URL(page.url()).hash).toBe(''); // read, then taken out of the address bar
  await screenshot('reset');
  await setNewPassword('Teacher#2031');
  await button('确认修改').click();
  await current().getByText('密码重置成功').waitFor();
  expect(await canLogIn(applicant.idNumber, 'Teacher#2031')).toBe(true);
  expect(await canLogIn(applicant.idNumber, applicant.password)).toBe(false);
});

test('forgotten password through an SMS code to the bound phone', async () => {
  const applicant = await register('李小红');
  await identify(applicant);
  await current().getByRole('radio', { name: '短信验证重置密码' }).check();
  await current().getByText(`${applicant.phone.slice(0, 3)}*****${applicant.phone.slice(-2)}`).waitFor();
  await button('免费获取验证码').click();
  await current().getByText(/短信验证码已经发送，请注意接收/).waitFor();
  const code = sixDigitCode(await lastMessage(applicant.phone, /\d{6}/));
  await field(/验证码/).fill(code!);
  await setNewPassword('Teacher#2032');
  await screenshot('sms');
  await button('确认').click();
  await current().getByText('密码重置成功').waitFor();
  expect(await canLogIn(applicant.idNumber, 'Teacher#2032')).toBe(true);
});

test('forgotten password through WeChat: the menu page opened through web OAuth (the emulator\'s form), reset for the bound account', async () => {
  const applicant = await register('赵小刚');
  const openid = `e2e-${Date.now().toString(36)}`;
  // Bind through the API as the mini-program would (the bind page itself is covered by flows.e2e.ts).
  const session = await api<{ token: string }>('POST', '/api/v1/wechat/session', { code: `dev-${openid}`, via: 'miniapp' });
  const bound = await api('POST', '/api/v1/wechat/bind', { idType: 'resident-id', idNumber: applicant.idNumber, password: applicant.password, captchaToken: await captchaToken() }, { authorization: `Bearer ${session.body.token}` });
  expect(bound.status).toBe(200);

  await identify(applicant);
  await current().getByRole('radio', { name: '微信验证重置密码' }).check();
  await button('在微信中打开“重置密码”').click();
  // The local WeChat emulator's authorize page asks which user this is.
  await page.waitForURL(/\/connect\/oauth2\/authorize/);
  await page.fill('input[name=openid]', openid);
  await page.click('button');
  await page.waitForURL(/\/pages\/password\/index/);
  await current().getByText('通过微信重置密码').waitFor();
  expect(new URL(page.url()).search).toBe(''); // the code and state are spent and taken out of the address
  await setNewPassword('Teacher#2033');
  await button('重置密码').click();
  await current().getByText('重置成功', { exact: true }).waitFor();
  expect(await canLogIn(applicant.idNumber, 'Teacher#2033')).toBe(true);
});

/** Staff decide on /admin in a desktop-sized page of the same browser. */
async function staffDecides(ref: string, outcome: 'approve', reply?: string): Promise<void> {
  const staff = await context.newPage();
  try {
    await staff.setViewportSize(DESKTOP);
    await staff.goto(url(`/admin/cases/${ref}`));
    if (staff.url().includes('/admin/login')) {
      await staff.fill('#username', STAFF().username);
      await staff.fill('#password', STAFF().password);
      // The staff login asks a text question; the development route knows its answer.
      const captcha = staff.locator('input[name=captchaId]');
      if (await captcha.count()) {
        const { body } = await api<{ answer: string }>('GET', `/dev/captcha/${await captcha.inputValue()}`);
        await staff.fill('#captcha', String(body.answer));
      }
      await staff.click('button[type=submit]');
      await staff.waitForURL((address) => !address.pathname.endsWith('/admin/login'));
      await staff.goto(url(`/admin/cases/${ref}`));
    }
    if (reply) await staff.fill('#reply', reply);
    await staff.click(`#${outcome}`);
    await staff.waitForURL(`**/admin/cases/${ref}?notice=decided`);
  } finally {
    await staff.close();
  }
}

test('a contact change: requested in the app, approved by staff on /admin, then a reset with the new phone', async () => {
  const applicant = await register('孙小美');
  await identify(applicant);
  await current().getByRole('radio', { name: '短信验证重置密码' }).check();
  await button('修改手机号码').click();
  const newPhone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await field(/新的手机号码/).fill(newPhone);
  const solved = solveSlider();
  await button('免费获取验证码').click();
  await solved;
  await current().getByText(/短信验证码已经发送/).waitFor();
  await field(/验证码/).fill(sixDigitCode(await lastMessage(newPhone, /\d{6}/))!);
  await current().locator('input[type=file]').setInputFiles(photo);
  await current().getByText(/照片符合要求|照片已自动压缩/).waitFor();
  await field(/申请的原因/).fill('原手机号码已停用');
  await screenshot('contact-change');
  await button('提交').click();
  await page.waitForURL(/\/pages\/contact-change\/index\?id=/);
  await current().getByText('提交成功！请耐心等待工作人员审核，1个工作日内将重置结果发送至新的手机短信中，请及时查收！').waitFor();
  await current().getByText('当前状态：待审核').waitFor();
  await screenshot('contact-change-pending');
  const ref = new URL(page.url()).searchParams.get('id')!;

  await staffDecides(ref, 'approve');
  await page.reload(); // a reload on the deep route shows the page again, with the new state
  await current().getByText('当前状态：审核通过').waitFor();
  await screenshot('contact-change-approved');

  await identify(applicant);
  await current().getByRole('radio', { name: '短信验证重置密码' }).check();
  await current().getByText(`${newPhone.slice(0, 3)}*****${newPhone.slice(-2)}`).waitFor();
  await button('免费获取验证码').click();
  await current().getByText(/短信验证码已经发送，请注意接收/).waitFor();
  await field(/验证码/).fill(sixDigitCode(await lastMessage(newPhone, /\d{6}/))!);
  await setNewPassword('Teacher#2034');
  await button('确认').click();
  await current().getByText('密码重置成功').waitFor();
  expect(await canLogIn(applicant.idNumber, 'Teacher#2034')).toBe(true);
});

test('a support request (修改手机（邮箱）信息) and the staff\'s answer', async () => {
  const applicant = await register('周小兰');
  await page.goto(url('/pages/support/index?kind=contact-info'));
  await field(/问题类型/).waitFor();
  expect(await field(/问题类型/).inputValue()).toBe('contact-info');
  await field(/本人姓名/).fill(applicant.name);
  await field(/有效身份证件号码/).fill(applicant.idNumber);
  await field(/有效手机号码/).fill(applicant.phone);
  await field(/有效邮箱/).fill(applicant.email);
  await field(/问题说明/).fill('手机和邮箱都已停用，已报名认定，无法自行修改');
  await current().locator('input[type=file]').setInputFiles(photo);
  await current().getByText(/照片符合要求|照片已自动压缩/).waitFor();
  await screenshot('support');
  await button('提交').click();
  await page.waitForURL(/\/pages\/support-status\/index\?id=/);
  await current().getByText('当前状态：待处理').waitFor();
  const ref = new URL(page.url()).searchParams.get('id')!;

  await staffDecides(ref, 'approve', '已为您修改手机号码，请使用忘记密码重置。');
  await page.reload();
  await current().getByText('工作人员回复：已为您修改手机号码，请使用忘记密码重置。').waitFor();
  await screenshot('support-answered');
  expect(await lastMessage(applicant.email, /已为您修改手机号码/)).toContain('已处理完毕');
});

test('a reload on a deep route works, and the static files carry their cache headers', async () => {
  await page.goto(url('/pages/support-status/index'));
  await page.reload();
  await current().getByLabel(/申请编号/).waitFor();

  const index = await fetch(url('/pages/reset/index'));
  expect(index.headers.get('cache-control')).toBe('no-cache');
  const html = await index.text();
  const script = /src="(\/js\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const asset = await fetch(url(script!));
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  const missingApi = await fetch(url('/api/v1/no-such-route'));
  expect(missingApi.status).toBe(404);
  expect(((await missingApi.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
});
