/**
 * The service account's flows in the H5 build, as a WeChat user would go through them on a phone:
 * get a code, bind the account, reset its password, then log in with the new password through the API.
 * The pages are opened through web OAuth; the local WeChat emulator's authorize form names the user.
 * With SCREENSHOT_DIR set, each page is saved there as miniapp-<name>.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { appUrl, captchaAnswer, logIn, newClientAddress, newResidentId, outbox, registerAccount, sixDigitCode, type Account } from './api';

const PHONE = { width: 375, height: 812 };
const OLD_PASSWORD = 'Teacher#2020';
const NEW_PASSWORD = 'Teacher#2025';
const openid = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

let profileDir: string;
let context: BrowserContext;
let page: Page;
let account: Account;

beforeAll(async () => {
  account = await registerAccount(OLD_PASSWORD);
  // Playwright refuses --user-data-dir among the arguments; a persistent context in a fresh folder instead.
  profileDir = mkdtempSync(path.join(os.tmpdir(), 'miniapp-e2e-'));
  context = await chromium.launchPersistentContext(profileDir, {
    extraHTTPHeaders: { 'x-forwarded-for': newClientAddress() },
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  page = context.pages()[0] ?? await context.newPage();
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

async function screenshot(name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  await page.waitForTimeout(600); // the H5 router slides pages in
  await page.screenshot({ path: path.join(dir, `miniapp-${name}.png`) });
}

/**
 * Opens the home page as WeChat's menu would: through the server's web-OAuth route, which sends the browser to
 * WeChat's authorize page (the local emulator's form: which user is this?) and back to the page with a code and
 * its state.
 */
async function openHome(): Promise<void> {
  // A fresh load each time, so the session is started again from the address.
  await page.goto('about:blank');
  await page.goto(`${appUrl()}/api/v1/wechat/oauth?next=${encodeURIComponent('/pages/index/index')}`);
  await page.waitForURL(/\/connect\/oauth2\/authorize/);
  await page.fill('input[name=openid]', openid);
  await page.click('button');
  await page.waitForURL(/\/pages\/index\/index/);
  await currentPage().getByText('中国教师资格网账号服务').waitFor();
}

/** Goes from the home page to one of the three services. */
async function openService(title: '取验证码' | '重置密码' | '绑定账号'): Promise<void> {
  await openHome();
  await button(title).tap();
  await page.waitForURL(/\/pages\/(otp|password|bind)\/index/);
}

/** The page on top: the H5 router keeps the pages below it in the document, hidden. */
const currentPage = () => page.locator('.taro_page').filter({ visible: true });
const button = (text: string | RegExp) => currentPage().locator('button, taro-button-core', { hasText: text });
/** The native input inside Taro's Input, by its placeholder. */
const field = (placeholder: string) => currentPage().locator(`input[placeholder="${placeholder}"]`);

/** Drags the slider with real touches to the server's answer, as a finger would. */
async function dragSlider(puzzleId: string): Promise<void> {
  const x = await captchaAnswer(puzzleId);
  const picture = await currentPage().locator('.captcha__background').boundingBox();
  const knob = await currentPage().locator('.captcha__knob').boundingBox();
  if (!picture || !knob) throw new Error('the slider is not on the page');
  const distance = x * (picture.width / 320);
  const start = { x: knob.x + knob.width / 2, y: knob.y + knob.height / 2 };
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] });
  for (let step = 1; step <= 10; step++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: start.x + (distance * step) / 10, y: start.y }] });
    await page.waitForTimeout(20);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/**
 * Waits for the puzzle the page is about to load, then solves it with the keyboard, as the slider's web version
 * allows (arrow keys to the answer, Enter to drop).
 */
async function solveSliderByKeyboard(): Promise<void> {
  const reply = await page.waitForResponse((response) => response.url().endsWith('/api/v1/captcha') && response.request().method() === 'POST');
  const puzzle = (await reply.json()) as { id: string; width: number };
  const x = await captchaAnswer(puzzle.id);
  const picture = currentPage().locator('.captcha__background');
  await picture.waitFor();
  const presses = Math.round((x * (await picture.boundingBox())!.width) / puzzle.width / 2);
  const knob = currentPage().getByRole('slider');
  await knob.focus();
  for (let i = 0; i < presses; i++) await knob.press('ArrowRight');
  await knob.press('Enter');
}

test('the home page explains the three services and knows the user is not bound yet', async () => {
  await openHome();
  for (const title of ['取验证码', '重置密码', '绑定账号']) await expect(button(title).count()).resolves.toBe(1);
  await currentPage().getByText(/本微信尚未绑定账号/).waitFor();
  await screenshot('home');
});

test('取验证码: a code for a document not yet registered arrives in the conversation (the outbox)', async () => {
  await openService('取验证码');
  await field('请输入证件号码').fill('110105198001011234');
  await button('获取验证码').tap();
  await currentPage().getByText('证件号码校验位错误，请核对后重新输入').waitFor();

  await field('请输入证件号码').fill(newResidentId());
  await button('获取验证码').tap();
  await currentPage().getByText('验证码已发送，请注意查收').waitFor();
  await currentPage().getByText(/验证码5分钟内有效/).waitFor();
  await button(/秒后可重新获取/).waitFor();
  await screenshot('otp');

  const messages = await outbox(openid);
  expect(messages[0]?.channel).toBe('wechat');
  expect(sixDigitCode(messages[0]?.text ?? '')).not.toBeNull();
});

test('取验证码: a registered account not bound to this WeChat user is refused in the server\'s words', async () => {
  await openService('取验证码');
  await field('请输入证件号码').fill(account.idNumber);
  await button('获取验证码').tap();
  await currentPage().locator('.notice--error', { hasText: '该用户已注册' }).waitFor();
  await screenshot('otp-error');
});

test('绑定账号: a wrong password is refused in the server\'s words, the right one binds', async () => {
  await openService('绑定账号');
  await field('请输入证件号码').fill(account.idNumber);
  await field('请输入登录密码').fill('Wrong#2020');
  // A password login behind the bind: the server asks for the captcha each time.
  let solved = solveSliderByKeyboard();
  await button(/^绑定$/).tap();
  await solved;
  await currentPage().locator('.notice--error', { hasText: '登录失败！' }).waitFor();
  await screenshot('bind-error');

  await field('请输入登录密码').fill(account.password);
  solved = solveSliderByKeyboard();
  await button(/^绑定$/).tap();
  await solved;
  await currentPage().getByText('绑定成功').waitFor();
  await currentPage().getByText(new RegExp(`${account.idNumber.slice(0, 2)}\\*+${account.idNumber.slice(-2)}`)).waitFor();
  await screenshot('bind');
});

test('the slider captcha, when the server asks for it, is solved by dragging and the request repeated (a reset code for the bound account)', async () => {
  const sentBodies: Array<Record<string, unknown>> = [];
  // The server decides when it wants a puzzle; here the first 取验证码 request is answered as if it did.
  await page.route('**/api/v1/wechat/otp', async (route) => {
    sentBodies.push(route.request().postDataJSON() as Record<string, unknown>);
    if (sentBodies.length > 1) return route.continue();
    return route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'CAPTCHA_REQUIRED', message: '请先向右拖动滑块完成拼图验证' } }),
    });
  });
  try {
    await openService('取验证码');
    await field('请输入证件号码').fill(account.idNumber);
    const puzzle = page.waitForResponse((response) => response.url().endsWith('/api/v1/captcha'));
    await button('获取验证码').tap();
    const { id } = (await (await puzzle).json()) as { id: string };
    await currentPage().getByText('向右拖动滑块填充拼图').waitFor();
    await currentPage().locator('.captcha__background').waitFor();
    await screenshot('captcha');

    await dragSlider(id);
    await currentPage().getByText('验证码已发送，请注意查收').waitFor();
    expect(sentBodies).toHaveLength(2);
    expect(typeof sentBodies[1]?.captchaToken).toBe('string');
  } finally {
    await page.unroute('**/api/v1/wechat/otp');
  }
});

test('重置密码: the new password is checked as typed, then set', async () => {
  await openHome();
  await currentPage().getByText('本微信已绑定中国教师资格网账号。').waitFor();
  await button('重置密码').tap();
  await field('请输入新密码').fill('short1');
  await currentPage().getByText('○ 包含特殊字符').waitFor();
  await field('请输入新密码').fill(NEW_PASSWORD);
  await field('请再次输入新密码').fill(NEW_PASSWORD);
  await currentPage().getByText('✓ 包含特殊字符').waitFor();
  await screenshot('password');

  await button('重置密码').tap();
  await currentPage().getByText('重置成功', { exact: true }).waitFor();
  await screenshot('password-done');
});

test('the new password logs in through the API, the old one no longer does', async () => {
  const withNew = await logIn(account.idNumber, NEW_PASSWORD);
  expect(withNew.status).toBe(200);
  expect(typeof withNew.body.token).toBe('string');

  const withOld = await logIn(account.idNumber, OLD_PASSWORD);
  expect(withOld.status).toBe(401);
  expect(withOld.body.error.code).toBe('LOGIN_FAILED');
});
