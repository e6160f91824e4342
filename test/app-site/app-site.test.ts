/**
 * The applicant app at the site's root: hashed files cached for a year, index.html revalidated, app routes
 * answered with index.html so a reload works, and the server's own paths left alone. The middleware serves a
 * build written here (the real H5 build is exercised by miniapp/e2e/recovery.e2e.ts); the server's paths are
 * checked on the real server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import Koa from 'koa';
import { appSite, LONG_CACHE, REVALIDATE } from '../../server/src/app-site/serve';
import { errorEnvelope } from '../../server/src/http/errors';
import { createLogger } from '../../server/src/log';
import { startTestServer, type TestServer } from '../support/server';

const INDEX_HTML = '<!doctype html><div id="app"></div><script src="/js/app.1a2b3c4d.js"></script>';
let buildDir: string;
let site: Server;
let siteUrl: string;
let server: TestServer;

beforeAll(async () => {
  buildDir = mkdtempSync(path.join(os.tmpdir(), 'app-site-'));
  mkdirSync(path.join(buildDir, 'js'));
  writeFileSync(path.join(buildDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(buildDir, 'js', 'app.1a2b3c4d.js'), 'console.log("app")');
  writeFileSync(path.join(os.tmpdir(), 'outside-the-build.txt'), 'secret');
  const app = new Koa();
  app.use(errorEnvelope(createLogger('silent')));
  app.use(appSite(buildDir));
  site = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => site.once('listening', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  server = await startTestServer();
});

afterAll(async () => {
  await new Promise((resolve) => site.close(resolve));
  await server.close();
  rmSync(buildDir, { recursive: true, force: true });
});

test('the root and every app route answer index.html, revalidated on each visit', async () => {
  for (const route of ['/', '/index.html', '/pages/reset/index', '/pages/forgot/index?x=1']) {
    const reply = await fetch(siteUrl + route);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(reply.headers.get('cache-control')).toBe(REVALIDATE);
    expect(await reply.text()).toBe(INDEX_HTML);
  }
});

test('files with a content hash are cached for a year', async () => {
  const reply = await fetch(`${siteUrl}/js/app.1a2b3c4d.js`);
  expect(reply.status).toBe(200);
  expect(reply.headers.get('cache-control')).toBe(LONG_CACHE);
  expect(await reply.text()).toBe('console.log("app")');
  expect((await fetch(`${siteUrl}/js/app.1a2b3c4d.js`, { method: 'HEAD' })).status).toBe(200);
});

test('a missing file, a path out of the build, a malformed path or a path of no app route is a JSON 404, never index.html or a 500', async () => {
  for (const bad of ['/js/app.00000000.js', '/..%2foutside-the-build.txt', '/js/%E0%A4%A.js', '/%00.js', '/password-reset', '/js', '/no-such-page']) {
    const reply = await fetch(siteUrl + bad);
    expect(reply.status).toBe(404);
    expect(((await reply.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  }
});

test('the server\'s own paths are never the app\'s: API 404s stay JSON, POST to an app route is not served', async () => {
  for (const own of ['/api/v1/nothing-here', '/dev/nothing-here', '/internal/nothing', '/wechat/pages/otp']) {
    const reply = await fetch(siteUrl + own);
    expect(reply.status).toBe(404);
    expect(((await reply.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  }
  expect((await fetch(`${siteUrl}/pages/reset/index`, { method: 'POST' })).status).toBe(404);
});

test('on the real server, /api 404s are JSON and the health and meta routes answer as before', async () => {
  const missing = await fetch(`${server.url}/api/v1/nothing-here`);
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${server.url}/api/v1/meta`)).headers.get('content-type')).toContain('application/json');
});
