/** 实名核验 over HTTP: 3 tries a Shanghai day, corrected names, the failure guidance, and the production client. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, newPermitHolder, register, login, registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';
import { registerIdentity } from './helpers';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

describe('real-name verification with the local identity registry', () => {
  it('starts unverified with 3 tries today and 3 manual reviews this period', async () => {
    const { client } = await registeredApplicant(server.url);
    const status = await client.get('/api/v1/me/verification');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: 'unverified', remainingToday: 3, manualReviewsLeft: 3, reason: null, pendingReview: null });
    expect(status.body.confirmation).toContain('您还剩3次');
  });

  it('verifies a person the registry knows and shows the tries left', async () => {
    const { client, applicant } = await registeredApplicant(server.url);
    await registerIdentity(client, applicant);
    const verified = await client.post('/api/v1/me/verification', {});
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verified', remainingToday: 2, message: '恭喜您，已通过实名核验' });
    expect((await client.get('/api/v1/me')).body.verification.status).toBe('verified');
    expect((await client.get('/api/v1/me/verification')).body.remainingToday).toBe(2);
  });

  it('fails an unknown person, points to the CTID guide and manual review, and stops after 3 tries a day', async () => {
    const { client } = await registeredApplicant(server.url);
    const first = await client.post('/api/v1/me/verification', {});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'failed', remainingToday: 2 });
    expect(first.body.next.ctidGuide.title).toBe('居民身份证网上功能凭证开通指南');
    expect(first.body.next.manualReview).toMatchObject({ route: '/api/v1/me/manual-reviews', remainingThisPeriod: 3 });
    expect((await client.get('/api/v1/me')).body.verification.status).toBe('failed');
    expect((await client.post('/api/v1/me/verification', {})).body.remainingToday).toBe(1);
    expect((await client.post('/api/v1/me/verification', {})).body.remainingToday).toBe(0);
    const fourth = await client.post('/api/v1/me/verification', {});
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('VERIFY_DAILY_LIMIT');
    expect((await client.get('/api/v1/me/verification')).body.remainingToday).toBe(0);
  });

  it('counts tries per Asia/Shanghai day', async () => {
    const { client, account } = await registeredApplicant(server.url);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    await server.deps.redis.set(`verify-daily:${account.id}:${yesterday}`, '3');
    expect((await client.get('/api/v1/me/verification')).body.remainingToday).toBe(3);
    await server.deps.redis.set(`verify-daily:${account.id}:${today}`, '3');
    expect((await client.post('/api/v1/me/verification', {})).body.error.code).toBe('VERIFY_DAILY_LIMIT');
  });

  it('replaces the name with a verified corrected one, middle dot normalised', async () => {
    const { client, applicant } = await registeredApplicant(server.url, { name: '买买提阿力木' });
    await registerIdentity(client, { ...applicant, name: '买买提·阿力木' });
    const failed = await client.post('/api/v1/me/verification', {});
    expect(failed.body.status).toBe('failed');
    const corrected = await client.post('/api/v1/me/verification', { name: '买买提・阿力木' });
    expect(corrected.body).toMatchObject({ status: 'verified', remainingToday: 1 });
    expect((await client.get('/api/v1/me')).body.name).toBe('买买提·阿力木');
  });

  it('accepts rare characters outside the BMP in a corrected name', async () => {
    const { client, applicant } = await registeredApplicant(server.url, { name: '王小明' });
    await registerIdentity(client, { ...applicant, name: '王𪚥' });
    const corrected = await client.post('/api/v1/me/verification', { name: '王𪚥' });
    expect(corrected.body.status).toBe('verified');
    expect((await client.get('/api/v1/me')).body.name).toBe('王𪚥');
  });

  it('refuses a corrected name that breaks the name rule without spending a try', async () => {
    const { client } = await registeredApplicant(server.url);
    const bad = await client.post('/api/v1/me/verification', { name: 'Zhang San' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await client.get('/api/v1/me/verification')).body.remainingToday).toBe(3);
  });

  it('sends permit holders straight to manual review (no CTID guide)', async () => {
    const client = new ApiClient(server.url);
    const holder = newPermitHolder();
    expect((await register(client, holder)).status).toBe(201);
    await login(client, holder.idNumber, holder.password);
    const failed = await client.post('/api/v1/me/verification', {});
    expect(failed.body.status).toBe('failed');
    expect(failed.body.next.ctidGuide).toBeUndefined();
    expect(failed.body.next.manualReview).toBeDefined();
  });

  it('needs a login', async () => {
    const anonymous = new ApiClient(server.url);
    expect((await anonymous.post('/api/v1/me/verification', {})).status).toBe(401);
    expect((await anonymous.get('/api/v1/me/verification')).status).toBe(401);
  });
});

describe('the production identity client', () => {
  type Seen = { key: string | undefined; body: any };
  let fake: http.Server;
  let seen: Seen[] = [];
  let answer: (n: number, res: http.ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    fake = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => { raw += c; });
      req.on('end', () => {
        seen.push({ key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(raw) });
        expect(req.headers.authorization).toBe('Bearer identity-key');
        answer(seen.length, res);
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => { await new Promise((resolve) => fake.close(resolve)); });

  async function serverWithFake() {
    const port = (fake.address() as AddressInfo).port;
    return startTestServer({
      IDENTITY_API_URL: `http://127.0.0.1:${port}/check`, IDENTITY_API_KEY: 'identity-key',
      IDENTITY_API_TIMEOUT_MS: '300', IDENTITY_API_RETRIES: '2',
    });
  }

  it('retries a failed attempt with the same idempotency key and counts the try once', async () => {
    const real = await serverWithFake();
    try {
      const { client, applicant } = await registeredApplicant(real.url);
      seen = [];
      answer = (n, res) => {
        if (n === 1) { res.writeHead(503).end(); return; }
        if (n === 2) return; // never answers: the attempt times out
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: 'match' }));
      };
      const verified = await client.post('/api/v1/me/verification', {});
      expect(verified.body).toMatchObject({ status: 'verified', remainingToday: 2 });
      expect(seen).toHaveLength(3);
      expect(new Set(seen.map((s) => s.key)).size).toBe(1);
      expect(seen[0]!.key).toBeTruthy();
      expect(seen[0]!.body).toEqual({ idType: 'resident-id', idNumber: applicant.idNumber, name: applicant.name });
      // With a real identity service configured there is no local registry to fill.
      expect((await client.post('/dev/identity-registry', applicant)).status).toBe(404);
    } finally {
      await real.close();
    }
  });

  it('answers UNAVAILABLE when every attempt fails, and gives the try back', async () => {
    const real = await serverWithFake();
    try {
      const { client } = await registeredApplicant(real.url);
      seen = [];
      answer = (_n, res) => { res.writeHead(502).end(); };
      const down = await client.post('/api/v1/me/verification', {});
      expect(down.status).toBe(503);
      expect(down.body.error.code).toBe('UNAVAILABLE');
      expect(seen).toHaveLength(3);
      expect((await client.get('/api/v1/me/verification')).body.remainingToday).toBe(3);
      answer = (_n, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: 'mismatch' })); };
      expect((await client.post('/api/v1/me/verification', {})).body).toMatchObject({ status: 'failed', remainingToday: 2 });
    } finally {
      await real.close();
    }
  });
});
