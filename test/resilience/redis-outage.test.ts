/**
 * Redis stops in the middle of use: what needs it answers 503 UNAVAILABLE, the rest keeps working, nothing is
 * lost from MongoDB, and the server recovers by itself when Redis is back (without a restart).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis, type RunningService } from '../../scripts/local-services';
import { ApiClient, login, registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';

let redis: RunningService;
let server: TestServer;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jszg-redis-outage-'));

beforeAll(async () => {
  redis = await startRedis(dataDir);
  server = await startTestServer({ REDIS_URL: redis.url });
});
afterAll(async () => {
  await server.close();
  await redis.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached in time');
}

test('503 while Redis is down, and back by itself afterwards', async () => {
  const { client, applicant } = await registeredApplicant(server.url);
  const accountsBefore = await server.deps.accounts.countDocuments();

  await redis.stop();

  const health = await client.get('/readyz');
  expect(health.status).toBe(503);
  expect(health.body).toMatchObject({ mongodb: 'up', redis: 'down' });
  for (const reply of [
    await client.post('/api/v1/captcha'),
    await client.get('/api/v1/me'),
    await client.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: 'any' }),
    await client.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: applicant.phone, captchaToken: 'any' }),
  ]) {
    expect(reply.status).toBe(503);
    expect(reply.body.error).toMatchObject({ code: 'UNAVAILABLE', message: '系统繁忙，请稍后再试' });
  }
  // What needs no Redis still answers, and bad input still gets its own error.
  expect((await client.get('/api/v1/meta')).status).toBe(200);
  expect((await client.post('/api/v1/accounts', {})).body.error.code).toBe('VALIDATION_FAILED');

  redis = await startRedis(dataDir, redis.port);
  await until(async () => (await client.get('/readyz')).status === 200);

  expect(await server.deps.accounts.countDocuments()).toBe(accountsBefore);
  // Sessions lived in the Redis that went away; the account did not: it logs in again.
  const again = new ApiClient(server.url);
  expect((await login(again, applicant.idNumber, applicant.password)).status).toBe(200);
  expect((await again.get('/api/v1/me')).body.name).toBe(applicant.name);
  const { account } = await registeredApplicant(server.url);
  expect(account.id).toBeTruthy();
});
