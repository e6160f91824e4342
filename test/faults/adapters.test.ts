/**
 * The outside HTTP and SMTP services hung (a loopback proxy that holds every chunk) and slow (one that holds
 * each chunk a little): the SMS gateway, the identity check, SMTP and the WeChat API. Hung, a request that needs
 * one answers 503 UNAVAILABLE naming it within 3 s and nothing is charged for the try; slow but inside the
 * bound, the request succeeds; back to normal, everything works without a restart. The WeChat callback answers
 * within WeChat's 5 s while the WeChat API hangs.
 */
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { ApiClient, newApplicant, registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';
import { eventPush, push, TEST_WECHAT, textPush, wechatEnv } from '../wechat/wechat-server';
import { userKeyOf } from '../../server/src/stores/wechat-bindings';
import { wechatCodesKeyOf } from '../../server/src/wechat/flows/otp';
import { WECHAT_CODES_PER_OPENID_PER_DAY } from '../../server/src/wechat/rules';
import { freePort } from '../../scripts/local-services';
import { DelayProxy, expectUnavailable, HUNG, timed } from './support';

jest.setTimeout(60_000);

/** A stand-in for the SMS gateway and the identity service: records what it is sent, answers at once. */
async function fakeHttpService(answer: (body: any) => unknown) {
  const received: any[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => { raw += chunk; });
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      received.push(body);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const proxy = await new DelayProxy(() => port).listen();
  return {
    received, proxy, url: `http://127.0.0.1:${proxy.port}`,
    async close() { await proxy.close(); server.closeAllConnections(); await new Promise((r) => server.close(r)); },
  };
}

describe('SMS gateway', () => {
  let gateway: Awaited<ReturnType<typeof fakeHttpService>>;
  let server: TestServer;
  beforeAll(async () => {
    gateway = await fakeHttpService(() => ({ ok: true }));
    server = await startTestServer({ SMS_API_URL: `${gateway.url}/send`, SMS_API_KEY: 'test-sms-key' });
  });
  afterAll(async () => { await server.close(1000); await gateway.close(); });

  const sendCode = async (client: ApiClient, phone: string) => {
    const captchaToken = await client.captchaToken();
    return timed(() => client.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: phone, captchaToken }));
  };

  test('hung: 503 naming sms within 3 s; slow: the code goes out; then normal again', async () => {
    const client = new ApiClient(server.url);
    gateway.proxy.delayMs = HUNG;
    expectUnavailable(await sendCode(client, '13800000001'), 'sms');
    gateway.proxy.delayMs = 300;
    const slow = await sendCode(client, '13800000002');
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThan(600);
    gateway.proxy.delayMs = 0;
    expect((await sendCode(client, '13800000003')).status).toBe(200);
    expect(gateway.received.map((m) => m.phone)).toEqual(expect.arrayContaining(['13800000002', '13800000003']));
  });

  test('a code the hung gateway never sent is not live and costs none of the day\'s 3 codes', async () => {
    const client = new ApiClient(server.url);
    const phone = '13800000011';
    gateway.proxy.delayMs = HUNG;
    try {
      expectUnavailable(await sendCode(client, phone), 'sms');
    } finally {
      gateway.proxy.delayMs = 0;
    }
    expect(await server.deps.redis.exists(`{codes}:code:register:sms:${phone}`)).toBe(0);
    for (let i = 0; i < 3; i++) expect((await sendCode(client, phone)).status).toBe(200);
    expect((await sendCode(client, phone)).body.error.code).toBe('OTP_DAILY_LIMIT');
  });
});

describe('identity check, SMTP and the WeChat API', () => {
  let identity: Awaited<ReturnType<typeof fakeHttpService>>;
  let smtp: SMTPServer;
  let smtpProxy: DelayProxy;
  let wechatProxy: DelayProxy;
  let server: TestServer;

  beforeAll(async () => {
    identity = await fakeHttpService(() => ({ result: 'match' }));
    smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], onData(stream, _s, done) { stream.resume(); stream.on('end', () => done()); } });
    const smtpPort = await freePort();
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
    smtpProxy = await new DelayProxy(() => smtpPort).listen();
    // The WeChat API is this server's own emulator, reached through the proxy.
    let serverPort = 0;
    wechatProxy = await new DelayProxy(() => serverPort).listen();
    server = await startTestServer({
      ...wechatEnv(),
      IDENTITY_API_URL: `${identity.url}/check`, IDENTITY_API_KEY: 'test-identity-key',
      SMTP_URL: `smtp://127.0.0.1:${smtpProxy.port}`,
      WECHAT_API_BASE: `http://127.0.0.1:${wechatProxy.port}/dev/wechat-api`,
    });
    serverPort = server.port;
  });
  afterAll(async () => {
    await server.close(1000);
    await Promise.all([identity.close(), smtpProxy.close(), wechatProxy.close(), new Promise<void>((r) => smtp.close(() => r()))]);
  });

  test('identity check hung: 503 naming identity-check within 3 s and the try is not counted; slow: verified', async () => {
    const { client } = await registeredApplicant(server.url);
    identity.proxy.delayMs = HUNG;
    expectUnavailable(await timed(() => client.post('/api/v1/me/verification', {})), 'identity-check');
    expect((await client.get('/api/v1/me/verification')).body.remainingToday).toBe(3);
    identity.proxy.delayMs = 300;
    const slow = await timed(() => client.post('/api/v1/me/verification', {}));
    expect(slow.body).toMatchObject({ status: 'verified', remainingToday: 2 });
    expect(slow.ms).toBeLessThan(3000);
    identity.proxy.delayMs = 0;
  });

  test('SMTP hung: 503 naming smtp within 3 s; slow: the code is mailed', async () => {
    const client = new ApiClient(server.url);
    smtpProxy.delayMs = HUNG;
    expectUnavailable(await timed(async () => client.sendCode('register', 'email', '700001@qq.com')), 'smtp');
    smtpProxy.delayMs = 30;
    const slow = await timed(async () => client.sendCode('register', 'email', '700002@qq.com'));
    expect(slow.status).toBe(200);
    expect(await client.lastCode('700002@qq.com')).toMatch(/^\d{6}$/);
    smtpProxy.delayMs = 0;
    expect((await client.sendCode('register', 'email', '700003@qq.com')).status).toBe(200);
  });

  test('WeChat API hung: sign-in and 取验证码 answer 503 naming wechat within 3 s, the callback within 5 s; slow: sign-in works', async () => {
    const client = new ApiClient(server.url);
    const signedIn = await client.post('/api/v1/wechat/session', { code: 'dev-fault-user', via: 'miniapp' });
    expect(signedIn.status).toBe(200);
    client.token = signedIn.body.token;
    const unregistered = newApplicant().idNumber; // 取验证码 for registering: the code goes into the conversation
    // One code left today for this person: the undelivered one below must not use it up.
    const perUserKey = wechatCodesKeyOf(userKeyOf('miniapp', 'fault-user', 'un_fault-user'));
    await server.deps.redis.set(perUserKey, String(WECHAT_CODES_PER_OPENID_PER_DAY - 1), { expiration: { type: 'EX', value: 3600 } });

    wechatProxy.delayMs = HUNG;
    try {
      expectUnavailable(await timed(() => new ApiClient(server.url).post('/api/v1/wechat/session', { code: 'dev-other-user', via: 'miniapp' })), 'wechat');
      expectUnavailable(await timed(() => client.post('/api/v1/wechat/otp', { idNumber: unregistered })), 'wechat');
      for (const fields of [textPush('fault-user', '你好'), eventPush('fault-user', 'subscribe'), eventPush('fault-user', 'CLICK', 'HELP')]) {
        const started = performance.now();
        const answered = await push(server.url, fields, { mode: 'safe' }, TEST_WECHAT);
        expect(answered.status).toBe(200);
        expect(performance.now() - started).toBeLessThan(5000);
      }
      wechatProxy.delayMs = 200;
      const slow = await timed(() => new ApiClient(server.url).post('/api/v1/wechat/session', { code: 'dev-slow-user', via: 'miniapp' }));
      expect(slow.status).toBe(200);
      expect(slow.ms).toBeGreaterThan(400);
    } finally {
      wechatProxy.delayMs = 0;
    }
    expect((await new ApiClient(server.url).post('/api/v1/wechat/session', { code: 'dev-third-user', via: 'miniapp' })).status).toBe(200);
    expect((await client.post('/api/v1/wechat/otp', { idNumber: newApplicant().idNumber })).status).toBe(200);
    expect(await server.deps.redis.get(perUserKey)).toBe(String(WECHAT_CODES_PER_OPENID_PER_DAY));
  });

  test('WeChat access token: a refresh lock left by an instance that died makes a call wait no longer than the bound', async () => {
    const client = new ApiClient(server.url);
    const signedIn = await client.post('/api/v1/wechat/session', { code: 'dev-lock-user', via: 'miniapp' });
    client.token = signedIn.body.token;
    // What an instance killed in the middle of a refresh leaves: no token, its lock for TOKEN_LOCK_MS (10 s).
    await server.deps.redis.del('wechat:access-token');
    await server.deps.redis.set('wechat:access-token:lock', 'a-dead-instance', { expiration: { type: 'PX', value: 10_000 } });
    try {
      expectUnavailable(await timed(() => client.post('/api/v1/wechat/otp', { idNumber: newApplicant().idNumber })), 'wechat');
    } finally {
      await server.deps.redis.del('wechat:access-token:lock');
    }
    expect((await client.post('/api/v1/wechat/otp', { idNumber: newApplicant().idNumber })).status).toBe(200);
  });
});
