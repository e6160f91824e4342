/**
 * The staff site in headless Chromium (Debian's chromium through playwright-core): log in, open the oldest
 * manual review, reject it with a reason that the applicant then sees; approve a contact change and the new
 * address receives its message. With SCREENSHOT_DIR set, saves the queue and detail pages used in the README.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ApiClient, registeredApplicant } from '../support/client';
import { qqMail } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';
import { jpeg, manualReviewForm, multipart } from '../identity/helpers';

/** Set SCREENSHOT_DIR=$PWD/docs/screenshots to refresh the README's pictures; plain runs leave the tree alone. */
const SCREENSHOTS = process.env.SCREENSHOT_DIR;
const PASSWORD = 'Review#Pass2025';

let server: TestServer;
let profile: string;
let context: BrowserContext;
let page: Page;

jest.setTimeout(90_000);

beforeAll(async () => {
  server = await startTestServer();
  await server.services.staff.create({ username: 'reviewer1', displayName: '审核员甲', role: 'reviewer', password: PASSWORD });
  profile = mkdtempSync(path.join(os.tmpdir(), 'jszg-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page = context.pages()[0] ?? await context.newPage();
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await server?.close();
});

async function submittedReview(name: string, seed: number) {
  const { client, applicant } = await registeredApplicant(server.url, { name });
  const files = { idFront: { data: await jpeg(40_000, seed) }, idBack: { data: await jpeg(40_000, seed + 1) }, handheld: { data: await jpeg(40_000, seed + 2) } };
  const submitted = await client.post('/api/v1/me/manual-reviews', await manualReviewForm({}, files));
  expect(submitted.status).toBe(202);
  return { client, applicant, ref: submitted.body.id as string };
}

it('a reviewer logs in, rejects the oldest manual review with a reason, and the applicant sees it', async () => {
  const oldest = await submittedReview('欧阳明', 11);
  await submittedReview('李华', 21);

  await page.goto(`${server.url}/admin/queues/manual-review`);
  await page.waitForURL('**/admin/login');
  await page.fill('#username', 'reviewer1');
  await page.fill('#password', PASSWORD);
  const captchaId = await page.locator('input[name=captchaId]').inputValue();
  await page.fill('#captcha', (await new ApiClient(server.url).get(`/dev/captcha/${captchaId}`)).body.answer);
  await page.click('button[type=submit]');
  await page.waitForURL('**/admin/queues/manual-review');
  const rows = page.locator('table.queue tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  expect(await rows.first().getAttribute('data-ref')).toBe(oldest.ref);
  if (SCREENSHOTS) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-queue.png'), fullPage: true });
  }

  await rows.first().locator('a', { hasText: '办理' }).click();
  await page.waitForURL(`**/admin/cases/${oldest.ref}`);
  expect(await page.locator('table.compare').innerText()).toContain(oldest.applicant.idNumber);
  await page.waitForFunction('[...document.images].every((img) => img.complete && img.naturalWidth > 0)');
  expect(await page.locator('.photos img').count()).toBe(3);
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-detail.png'), fullPage: true });

  await page.fill('#reason', '民族错误');
  await page.click('#reject');
  await page.waitForURL(`**/admin/cases/${oldest.ref}?notice=decided`);
  expect(await page.locator('.status').innerText()).toContain('不通过原因：民族错误');

  const status = await oldest.client.get('/api/v1/me/verification');
  expect(status.body).toMatchObject({ status: 'manual-rejected', reason: '民族错误' });
});

it('a reviewer approves a contact change and the new address receives its reset link', async () => {
  const { applicant } = await registeredApplicant(server.url, { name: '周杰' });
  const client = new ApiClient(server.url);
  const reset = await client.post('/api/v1/password-resets', {
    idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await client.captchaToken(),
  });
  const newMail = qqMail();
  await client.sendCode('change-email', 'email', newMail);
  const submitted = await client.post('/api/v1/contact-changes', multipart(
    { resetId: reset.body.resetId, kind: 'email', newValue: newMail, code: await client.lastCode(newMail), reason: '原邮箱已注销' },
    { photo: { data: await jpeg(30_000, 5) } },
  ));
  expect(submitted.status).toBe(202);

  await page.goto(`${server.url}/admin/queues/contact-change`);
  const row = page.locator(`tr[data-ref="${submitted.body.id}"]`);
  expect(await row.innerText()).toContain('修改邮箱地址');
  await row.locator('a', { hasText: '办理' }).click();
  await page.waitForURL(`**/admin/cases/${submitted.body.id}`);
  expect(await page.locator('table.compare').innerText()).toContain(newMail);
  await page.click('#approve');
  await page.waitForURL(`**/admin/cases/${submitted.body.id}?notice=decided`);
  expect(await page.locator('.status').innerText()).toContain('审核通过');

  const mail = await client.lastMessage(newMail);
  expect(mail?.text).toContain('审核通过');
  expect(mail?.text).toMatch(/\/pages\/reset\/index#token=/);
});
