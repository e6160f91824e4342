/**
 * Issue 10 items 1 and 6 and the low items about headers and logs: the client address the trusted proxies
 * added (never what the client wrote), production as the default that refuses to start without its secrets,
 * security headers on error answers, and reset ids kept out of the request log.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Koa from 'koa';
import { loadConfig } from '../../server/src/config';
import { clientAddress, proxySettings } from '../../server/src/http/client-address';
import { createLogger } from '../../server/src/log';
import { startServer } from '../../server/src/server';
import { ApiClient, registeredApplicant } from '../support/client';
import { startTestServer, testEnv, type TestServer } from '../support/server';

/** A bare Koa app with the server's proxy settings, answering with the address it would use. */
async function addressEcho(trustProxy: boolean, hops: number) {
  const app = new Koa(proxySettings(trustProxy, hops));
  app.use((ctx) => { ctx.body = clientAddress(ctx); });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const seen = async (forwardedFor?: string) => (await fetch(url, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} })).text();
  return { seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('client address', () => {
  it('behind one trusted proxy, is the entry the proxy added, whatever the client wrote before it', async () => {
    const echo = await addressEcho(true, 1);
    try {
      expect(await echo.seen('6.6.6.6, 203.0.113.7')).toBe('203.0.113.7');
      expect(await echo.seen('1.1.1.1, 2.2.2.2, 203.0.113.7')).toBe('203.0.113.7');
      expect(await echo.seen('203.0.113.7')).toBe('203.0.113.7');
    } finally { await echo.close(); }
  });

  it('behind two trusted proxies, is the second entry from the right', async () => {
    const echo = await addressEcho(true, 2);
    try {
      expect(await echo.seen('6.6.6.6, 203.0.113.7, 10.0.0.2')).toBe('203.0.113.7');
    } finally { await echo.close(); }
  });

  it('without TRUST_PROXY, is the socket peer and X-Forwarded-For is ignored', async () => {
    const echo = await addressEcho(false, 1);
    try {
      expect(await echo.seen('203.0.113.7')).toBe('127.0.0.1');
    } finally { await echo.close(); }
  });

  it('TRUST_PROXY_HOPS defaults to 1', () => {
    expect(loadConfig(testEnv()).trustProxyHops).toBe(1);
    expect(loadConfig(testEnv({ TRUST_PROXY_HOPS: '2' })).trustProxyHops).toBe(2);
  });
});

describe('the server', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  it('a client rotating its own X-Forwarded-For entries stays one address for the per-address limits', async () => {
    const proxyAdded = '198.51.100.23';
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const reply = await fetch(`${server.url}/api/v1/captcha`, {
        method: 'POST', headers: { 'x-forwarded-for': `10.1.${i}.${i + 1}, ${proxyAdded}`, 'content-type': 'application/json' }, body: '{}',
      });
      statuses.push(reply.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('error answers carry the security headers too', async () => {
    const client = new ApiClient(server.url);
    for (const reply of [await client.get('/api/v1/nothing-here'), await client.post('/api/v1/sessions', { idNumber: 1 })]) {
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
      expect(reply.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('the request log', () => {
  it('names routes by their pattern, so reset ids and link tokens never reach the log', async () => {
    let logged = '';
    const sink = new Writable({ write(chunk, _encoding, done) { logged += chunk.toString(); done(); } });
    const config = loadConfig(testEnv({ LOG_LEVEL: 'info' }));
    const server = await startServer(config, createLogger('info', sink));
    try {
      const { applicant } = await registeredApplicant(server.url);
      const client = new ApiClient(server.url);
      const started = await client.post('/api/v1/password-resets', {
        idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await client.captchaToken(),
      });
      expect(started.status).toBe(200);
      const resetId = started.body.resetId as string;
      expect((await client.post(`/api/v1/password-resets/${resetId}/sms`)).status).toBe(200);
      expect(logged).toContain('/api/v1/password-resets/:resetId/sms');

      // The mail link: its token is in the fragment of the address and in the completion's body, never logged.
      expect((await client.post(`/api/v1/password-resets/${resetId}/email`)).status).toBe(202);
      const link = /https?:\/\/\S+/.exec((await client.lastMessage(applicant.email))!.text)![0];
      const token = decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
      expect(token.length).toBeGreaterThan(20);
      expect(new URL(link).search).toBe('');
      expect((await client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword: 'Newpass123#' })).status).toBe(204);
      expect(logged).toContain('/api/v1/password-resets/complete');
      expect(logged).not.toContain(resetId);
      expect(logged).not.toContain(token);
    } finally {
      await server.close();
    }
  });
});

describe('production is the default', () => {
  const secrets = {
    JWT_SECRET: 'x'.repeat(40), DATA_KEY: Buffer.alloc(32, 1).toString('base64'), INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
    PUBLIC_URL: 'https://jszg.example.cn', INTERNAL_API_TOKEN: 'internal', SMTP_URL: 'smtp://127.0.0.1:1', SMS_API_URL: 'http://127.0.0.1:1/sms',
    SMS_API_KEY: 'sms', IDENTITY_API_URL: 'http://127.0.0.1:1/id', IDENTITY_API_KEY: 'id', WECHAT_APP_ID: 'wxprod', WECHAT_APP_SECRET: 'secret',
    WECHAT_TOKEN: 'token', WECHAT_ENCODING_AES_KEY: 'a'.repeat(43),
  };

  it.each([undefined, '', 'production', 'prod', 'staging', 'Development', 'TEST'])('NODE_ENV=%p without secrets refuses to start', (nodeEnv) => {
    const env: NodeJS.ProcessEnv = { ...testEnv(), NODE_ENV: nodeEnv };
    if (nodeEnv === undefined) delete env.NODE_ENV;
    expect(() => loadConfig(env)).toThrow(/JWT_SECRET.*DATA_KEY.*INDEX_KEY.*WECHAT_APP_ID.*WECHAT_APP_SECRET.*WECHAT_TOKEN/);
  });

  it.each(Object.keys(secrets))('production without %s refuses to start', (name) => {
    const env: NodeJS.ProcessEnv = { ...testEnv(), ...secrets, NODE_ENV: 'production' };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('only development and test are development', () => {
    expect(loadConfig(testEnv({ NODE_ENV: 'development' })).production).toBe(false);
    expect(loadConfig(testEnv({ NODE_ENV: 'test' })).production).toBe(false);
    expect(loadConfig({ ...testEnv(), ...secrets, NODE_ENV: 'staging' }).production).toBe(true);
  });

  it('in production the development routes and the WeChat emulator are not mounted', async () => {
    const config = loadConfig({ ...testEnv(), ...secrets, NODE_ENV: 'staging' });
    const server = await startServer(config, createLogger('silent'));
    try {
      const client = new ApiClient(server.url);
      expect((await client.get('/dev/outbox?to=x')).status).toBe(404);
      expect((await client.get('/dev/wechat-api/connect/oauth2/authorize?redirect_uri=https://evil.example/')).status).toBe(404);
      expect((await client.get('/dev/captcha/x')).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
