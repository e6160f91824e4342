/**
 * The applicant's identity pages in the H5 build, in headless Chromium against the real server:
 * register with the keyboard only, first login, 完善个人信息, three failed verifications, 人工审核 with three
 * photos (one too large, compressed in the app), a reviewer approving on /admin, and the applicant seeing it.
 * Every page is checked with axe-core in both display modes (no serious or critical violations). With
 * SCREENSHOT_DIR set, each page is saved at phone (375×812) and desktop (1280×800) size, both modes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import sharp from 'sharp';
import { appUrl, call, newClientAddress, newResidentId, outbox, sixDigitCode } from './api';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const PASSWORD = 'Teacher#2025';
const SURNAMES = ['赵', '钱', '孙', '李', '周', '吴', '郑', '王'];
const GIVEN = ['明', '华', '丽', '强', '静', '伟', '芳', '磊', '洋', '勇'];
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)] as T;

const applicant = {
  idNumber: newResidentId(),
  name: `${pick(SURNAMES)}${pick(GIVEN)}${pick(GIVEN)}`,
  phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
  email: `${Math.floor(1e6 + Math.random() * 9e8)}@qq.com`,
};

let profileDir: string;
let context: BrowserContext;
let page: Page;
/** The address of a page: the server serves the app's browser-history routes (/pages/…) at its root. */
const routeOf = (route: string) => `${appUrl()}${route}`;
/** The latest captcha the page asked for, as the server answered it. */
let lastCaptcha: { id: string; kind?: string; width?: number } | null = null;
/** Captchas already answered: each is good for one answer only, so the next answer waits for a new one. */
const answered = new Set<string>();

beforeAll(async () => {
  profileDir = mkdtempSync(path.join(os.tmpdir(), 'miniapp-identity-'));
  context = await chromium.launchPersistentContext(profileDir, {
    extraHTTPHeaders: { 'x-forwarded-for': newClientAddress() },
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: PHONE,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on('response', (response: Response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/captcha') {
      response.json().then((body: { id: string; kind?: string; width?: number }) => { lastCaptcha = body; }, () => undefined);
    }
  });
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** The page on top: the H5 router keeps the pages below it in the document, hidden. */
const current = () => page.locator('.taro_page').filter({ visible: true });
const buttonNamed = (name: string | RegExp) => current().getByRole('button', { name });

async function open(route: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(routeOf(route));
  await current().locator('main').waitFor();
}

async function screenshot(name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(dir, `m1-${name}.png`), fullPage: false });
}

/** The large-text switch in the header, by keyboard-reachable button. */
const modeSwitch = () => current().locator('.mode-switch');

async function setLargeText(on: boolean): Promise<void> {
  if ((await modeSwitch().getAttribute('aria-pressed')) !== String(on)) await modeSwitch().click();
  await current().locator(on ? '.app--large' : '.app:not(.app--large)').waitFor();
}

/** axe-core on the page as it is: no serious or critical violations. */
async function expectAccessible(label: string): Promise<void> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect({ page: label, violations }).toEqual({ page: label, violations: [] });
}

/** Both modes checked, and screenshots at phone and desktop size in both. */
async function checkPage(name: string): Promise<void> {
  for (const large of [false, true]) {
    await setLargeText(large);
    await expectAccessible(`${name}${large ? ' (长辈版)' : ''}`);
    if (process.env.SCREENSHOT_DIR) {
      await screenshot(`${name}-phone${large ? '-large' : ''}`);
      await page.setViewportSize(DESKTOP);
      await screenshot(`${name}-desktop${large ? '-large' : ''}`);
      await page.setViewportSize(PHONE);
    }
  }
  await setLargeText(false);
}

async function captchaAnswer(kind: 'slider' | 'text'): Promise<{ x?: number; answer?: string }> {
  const fresh = () => lastCaptcha && !answered.has(lastCaptcha.id) && (lastCaptcha.kind === 'text') === (kind === 'text');
  for (let i = 0; i < 100 && !fresh(); i++) await page.waitForTimeout(100);
  if (!lastCaptcha || !fresh()) throw new Error(`no new ${kind} captcha was asked for`);
  answered.add(lastCaptcha.id);
  return (await call<{ x?: number; answer?: string }>('GET', `/dev/captcha/${lastCaptcha.id}`)).body;
}

/** Moves the slider with the arrow keys to the server's answer and drops it with Enter (the knob has the focus). */
async function slideWithKeys(): Promise<void> {
  const { x } = await captchaAnswer('slider');
  const picture = await current().locator('.captcha__background').boundingBox();
  if (x === undefined || !picture || !lastCaptcha?.width) throw new Error('no slider puzzle on the page');
  const target = (x * picture.width) / lastCaptcha.width;
  const big = Math.floor(target / 20);
  for (let i = 0; i < big; i++) await page.keyboard.press('Shift+ArrowRight');
  for (let i = 0; i < Math.round((target - big * 20) / 2); i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await current().getByText('安全验证已通过').waitFor();
}

/** Solves the captcha on the page by pointer, with the slider (for the parts not about the keyboard). */
async function solveCaptcha(): Promise<void> {
  const knob = current().locator('.captcha__knob');
  await knob.waitFor();
  await knob.focus();
  await slideWithKeys();
}

/** Presses Tab until `target` has the focus: proves it is reachable by keyboard, in the page's order. */
async function tabTo(target: Locator, limit = 120): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error('no such element');
  for (let i = 0; i < limit; i++) {
    if (await handle.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('not reachable with Tab');
}

const input = (label: string | RegExp) => current().getByLabel(label, { exact: typeof label === 'string' });

test('注册 with the keyboard only, the text captcha for the code and for the submit', async () => {
  await open('/pages/register/index');
  // The skip link comes first; it moves the focus to the main content.
  await page.keyboard.press('Tab');
  await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('跳到主要内容');
  await page.keyboard.press('Enter');
  await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('MAIN');
  await checkPage('register');

  // Submitting the empty form puts every problem under its field and the focus on the first.
  await tabTo(buttonNamed('提交'));
  await page.keyboard.press('Enter');
  await current().getByText('请填写证件号码').waitFor();
  await current().getByText('请阅读并同意《中国教师资格网注册协议》').waitFor();
  await expect(input('身份证件号码').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  await expectAccessible('register (errors)');
  await screenshot('register-errors-phone');

  await page.keyboard.type(applicant.idNumber);
  await tabTo(input('姓名'));
  await page.keyboard.type(applicant.name);
  // 证件有效时间段: Tab reaches the group; the arrow keys choose within it.
  await tabTo(current().getByRole('radio', { name: '5年' }));
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(current().getByRole('radio', { name: '20年' }).isChecked()).resolves.toBe(true);
  await tabTo(input('身份证件有效开始日期'));
  // Chromium's date input (its own field order, month/day/year here): each field moves on once it is full.
  await page.keyboard.type('01012020');
  await expect(input('身份证件有效开始日期').inputValue()).resolves.toBe('2020-01-01');
  await current().getByText('2040-01-01').waitFor();
  await tabTo(input('密码'));
  await page.keyboard.type(PASSWORD);
  await current().getByText('密码已满足全部要求').waitFor();
  await tabTo(input('确认密码'));
  await page.keyboard.type(PASSWORD);
  await tabTo(input('安全邮箱'));
  await page.keyboard.type(applicant.email);
  await tabTo(input('手机号码'));
  await page.keyboard.type(applicant.phone);

  // 文字验证 instead of the slider, then the SMS code.
  await tabTo(buttonNamed(/改用文字验证/));
  await page.keyboard.press('Enter');
  await tabTo(input(/^文字验证：/));
  await page.keyboard.type(String((await captchaAnswer('text')).answer));
  await page.keyboard.press('Enter');
  await current().getByText('安全验证已通过').waitFor();
  await tabTo(buttonNamed('通过短信免费获取验证码'));
  await page.keyboard.press('Enter');
  await current().getByText('短信验证码已经发送，请注意接收').waitFor();
  await buttonNamed(/秒后可重新获取/).waitFor();
  const code = sixDigitCode((await outbox(applicant.phone))[0]?.text ?? '');
  await tabTo(input('验证码'));
  await page.keyboard.type(code ?? '');

  // The agreement read, accepted; a fresh text challenge for the submit itself.
  await tabTo(buttonNamed('阅读《中国教师资格网注册协议》'));
  await page.keyboard.press('Enter');
  await tabTo(buttonNamed('我同意遵守协议'));
  await page.keyboard.press('Enter');
  await expect(current().getByRole('checkbox').isChecked()).resolves.toBe(true);
  await tabTo(input(/^文字验证：/));
  await page.keyboard.type(String((await captchaAnswer('text')).answer));
  await page.keyboard.press('Enter');
  await current().getByText('安全验证已通过').waitFor();
  await tabTo(buttonNamed('提交'));
  await page.keyboard.press('Enter');
  await current().getByText('注册成功').waitFor();
  await checkPage('register-done');
});

test('注册 again with the same number: 该用户已注册 with the way to 忘记密码', async () => {
  await open('/pages/register/index');
  await input('身份证件号码').fill(applicant.idNumber);
  await input('姓名').fill(applicant.name);
  await current().getByRole('radio', { name: '20年' }).check();
  await input('身份证件有效开始日期').fill('2020-01-01');
  await input('密码').fill(PASSWORD);
  await input('确认密码').fill(PASSWORD);
  await input('安全邮箱').fill(applicant.email);
  const phone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await input('手机号码').fill(phone);
  await solveCaptcha();
  await buttonNamed('通过短信免费获取验证码').click();
  await current().getByText('短信验证码已经发送，请注意接收').waitFor();
  await input('验证码').fill(sixDigitCode((await outbox(phone))[0]?.text ?? '') ?? '');
  await current().getByRole('checkbox').check();
  await solveCaptcha();
  await buttonNamed('提交').click();
  await current().getByText('该用户已注册').waitFor();
  await buttonNamed('忘记密码').waitFor();
});

test('登录: wrong password gives 登录失败！ with the checklist; then the first login leads to 完善个人信息', async () => {
  await open('/pages/login/index');
  await checkPage('login');
  await input('账号（证件号码）').fill(applicant.idNumber);
  await input('密码').fill('Wrong#2025x');
  await solveCaptcha();
  await buttonNamed('登录').click();
  await current().getByText('登录失败！').waitFor();
  await current().getByText(/如果您是首次访问/).waitFor();
  await screenshot('login-failed-phone');

  await input('密码').fill(PASSWORD);
  await solveCaptcha();
  await buttonNamed('登录').click();
  await current().getByText('完善个人信息').first().waitFor();
  await current().getByText(/须先完善个人信息/).waitFor();
  await checkPage('profile-complete');
  await input('民族').selectOption('汉族');
  await buttonNamed('提交').click();
  await current().getByText('个人信息已保存').waitFor();
  await current().getByText(/您还未进行实名认证/).first().waitFor();
  await buttonNamed('确定').click();
  await current().getByText('提示：您还未进行实名认证。').waitFor();
});

test('个人信息中心: each tab, and 绑定微信 shows a QR code on the web', async () => {
  await open('/pages/profile/index');
  for (const [tab, heading] of [['修改密码', '原密码'], ['修改手机号码', '新手机号码']] as const) {
    await buttonNamed(tab).click();
    await input(heading).waitFor();
    await checkPage(`profile-${tab === '修改密码' ? 'password' : 'phone'}`);
  }
  await buttonNamed('绑定微信').click();
  await current().getByText('未绑定微信', { exact: true }).waitFor();
  await buttonNamed('显示绑定二维码').click();
  await current().getByRole('img', { name: /绑定微信二维码/ }).waitFor();
  await checkPage('profile-wechat');
  await buttonNamed('修改个人信息').click();
  await checkPage('profile-info');
});

test('实名认证 fails three times, with the 您还剩N次 confirmation and the CTID guide', async () => {
  await open('/pages/verify/index');
  await checkPage('verify');
  for (const left of [3, 2, 1]) {
    await buttonNamed('实名认证').click();
    await current().getByText(new RegExp(`您还剩${left}次，是否确认提交？`)).waitFor();
    if (left === 3) await checkPage('verify-confirm');
    await buttonNamed('确认提交').click();
    await current().getByText('实名认证未通过').first().waitFor();
    await current().getByText(/^开通CTID网证：/).waitFor();
    await current().getByText(`今日还可进行${left - 1}次实名认证。`).waitFor();
  }
  await checkPage('verify-failed');
  await expect(buttonNamed('实名认证').isDisabled()).resolves.toBe(true);
  await buttonNamed('申请人工审核').click();
  await current().getByText('中国教师资格网——人工审核').waitFor();
});

/** A JPEG of `side` pixels with detail enough to be large; quality 95. */
async function photo(side: number, seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(side * side * 3);
  let x = seed;
  for (let i = 0; i < pixels.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    // A gradient with some grain: like a photo, it compresses when made smaller.
    pixels[i] = ((i / 3) % side) * 200 / side + ((x >>> 24) & 0x1f);
  }
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

test('人工审核: three photos, a large one compressed in the app, the confirmation, then a reviewer approves', async () => {
  await open('/pages/review/index');
  await current().getByText(/您还可以申请3次人工审核/).waitFor();
  await checkPage('review');
  const small = await photo(300, 1);
  const large = await photo(1800, 2);
  expect(small.length).toBeLessThan(190 * 1024);
  expect(large.length).toBeGreaterThan(190 * 1024);
  await input('上传身份证件A面照片').setInputFiles({ name: 'front.jpg', mimeType: 'image/jpeg', buffer: small });
  await current().getByText(/照片符合要求（JPG格式/).waitFor();
  await input('上传身份证件B面照片').setInputFiles({ name: 'back.jpg', mimeType: 'image/jpeg', buffer: large });
  await current().getByText(/照片已自动压缩为JPG格式/).waitFor();
  await input('上传本人手持身份证件照片').setInputFiles({ name: 'hand.jpg', mimeType: 'image/jpeg', buffer: small });
  await current().getByText(/照片符合要求（JPG格式/).nth(1).waitFor();
  await input('申请原因').fill('实名认证三次未通过，信息确认无误');
  await buttonNamed('申请人工审核').click();
  await current().getByText(/您还剩3次机会，是否确认提交？/).waitFor();
  await checkPage('review-confirm');
  await buttonNamed('确认提交').click();
  await current().getByText('您已提交人工审核，请耐心等待').first().waitFor();
  await current().getByText(/7个工作日/).first().waitFor();
  await checkPage('review-pending');

  // A reviewer decides on the staff site in a browser of their own.
  // (Its cookie is scoped to /admin, apart from the applicant's token in the app's storage.)
  const desk = await context.newPage();
  await desk.setViewportSize(DESKTOP);
  await desk.goto(`${appUrl()}/admin/login`);
  await desk.fill('#username', process.env.E2E_STAFF_USERNAME ?? '');
  await desk.fill('#password', process.env.E2E_STAFF_PASSWORD ?? '');
  // The staff login asks a text question too; the development route knows its answer.
  const captchaId = desk.locator('input[name=captchaId]');
  if (await captchaId.count()) {
    const { answer } = (await call<{ answer: string }>('GET', `/dev/captcha/${await captchaId.inputValue()}`)).body;
    await desk.fill('#captcha', String(answer));
  }
  await desk.click('button[type=submit]');
  await desk.waitForURL((address) => !address.pathname.endsWith('/admin/login'));
  await desk.goto(`${appUrl()}/admin/queues/manual-review`);
  await desk.locator('tr', { hasText: applicant.name }).getByRole('link', { name: '办理' }).click();
  await desk.click('#approve');
  await desk.waitForURL(/notice=decided/);
  await desk.close();

  await open('/pages/review/index');
  await current().getByText('人工审核通过').first().waitFor();
  await checkPage('review-approved');
  await open('/pages/verify/index');
  await current().getByText('提示：人工审核通过，可正常办理业务。如有需要，仍可进行实名认证。').waitFor();
});

test('退出: the session ends and the pages ask for login again', async () => {
  await open('/pages/profile/index');
  await current().getByRole('button', { name: '退出' }).click();
  await current().getByRole('button', { name: '登录' }).waitFor();
  await open('/pages/profile/index');
  await current().getByRole('button', { name: '登录' }).waitFor();
});

test('every page of the app, the recovery and WeChat pages too, passes axe in both modes', async () => {
  // The service-account pages are opened as WeChat's menu opens them: through web OAuth (the emulator's form).
  const wechatPages = ['/pages/index/index', '/pages/otp/index', '/pages/password/index', '/pages/bind/index'];
  const pages = [
    ...wechatPages, '/pages/forgot/index', '/pages/reset/index', '/pages/contact-change/index',
    '/pages/support/index', '/pages/support-status/index', '/pages/register/index', '/pages/login/index',
  ];
  const failures: string[] = [];
  for (const route of pages) {
    await page.goto('about:blank');
    if (wechatPages.includes(route)) {
      await page.goto(`${appUrl()}/api/v1/wechat/oauth?next=${encodeURIComponent(route)}`);
      await page.waitForURL(/\/connect\/oauth2\/authorize/);
      await page.fill('input[name=openid]', 'axe-reader');
      await page.click('button');
      await page.waitForURL((address) => address.pathname === route);
    } else {
      await page.goto(routeOf(route));
    }
    await current().first().waitFor();
    await page.waitForTimeout(800);
    const hasSwitch = (await modeSwitch().count()) > 0;
    for (const large of hasSwitch ? [false, true] : [false]) {
      if (hasSwitch) await setLargeText(large);
      try {
        await expectAccessible(`${route}${large ? ' (长辈版)' : ''}`);
      } catch (error) {
        failures.push(String((error as Error).message).split('\n').filter((line) => line.includes('(serious)') || line.includes('(critical)')).join('\n') || route);
      }
    }
    if (!hasSwitch) failures.push(`${route}: no 长辈版 switch (the page does not use AppShell)`);
    if (hasSwitch) await setLargeText(false);
  }
  expect(failures).toEqual([]);
}, 300_000);
