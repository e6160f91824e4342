/**
 * Issue 10 item 5: which document numbers are registered cannot be probed. 取验证码 counts a request before it
 * answers 该用户已注册; registration checks the code before it answers 该用户已注册; a reset start says nothing
 * about a legacy account until type and name match.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shanghaiDate } from '../../shared/src/dates';
import { importCheckpointModel } from '../../server/src/legacy/checkpoints';
import { importLegacyAccounts } from '../../server/src/legacy/import';
import { ApiClient, newApplicant, registeredApplicant } from '../support/client';
import { residentId } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

it('取验证码: a WeChat user gets at most 10 answers a day, 该用户已注册 included', async () => {
  const registered = await Promise.all([0, 1].map(() => registeredApplicant(server.url)));
  const user = new ApiClient(server.url);
  user.token = (await user.post('/api/v1/wechat/session', { code: 'dev-o_prober' })).body.token;
  const codes: string[] = [];
  for (let i = 0; i < 12; i++) {
    const reply = await user.post('/api/v1/wechat/otp', { idNumber: registered[i % 2]!.applicant.idNumber });
    codes.push(reply.body.error.code);
  }
  expect(codes.slice(0, 10).every((c) => c === 'ACCOUNT_EXISTS')).toBe(true);
  expect(codes.slice(10)).toEqual(['OTP_DAILY_LIMIT', 'OTP_DAILY_LIMIT']);
});

it('registration checks the code before it says 该用户已注册', async () => {
  const { applicant } = await registeredApplicant(server.url);
  const prober = new ApiClient(server.url);
  const reply = await prober.post('/api/v1/accounts', {
    ...newApplicant({ idNumber: applicant.idNumber }), otp: { channel: 'sms', code: '123456' }, captchaToken: await prober.captchaToken(), agreed: true,
  });
  expect(reply.status).toBe(400);
  expect(reply.body.error.code).toBe('OTP_INVALID');
});

it('a reset start reveals a legacy account only to someone with its type and name', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jszg-legacy-'));
  const idNumber = residentId('19700101');
  try {
    const file = path.join(dir, 'legacy.csv');
    writeFileSync(file, `idType,idNumber,name,email,phone,registeredAt\nresident-id,${idNumber},王老师,,13800000000,2015-06-01\n`);
    const summary = await importLegacyAccounts({
      path: file, format: 'csv', accounts: server.deps.accounts, checkpoints: importCheckpointModel(server.deps.mongo), pii: server.deps.pii,
      today: shanghaiDate(), onReject: (rejected) => { throw new Error(rejected.reason); },
    });
    expect(summary.imported).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const client = new ApiClient(server.url);
  const start = async (name: string, idType = 'resident-id') =>
    client.post('/api/v1/password-resets', { idType, idNumber, name, captchaToken: await client.captchaToken() });
  expect((await start('李老师')).body.error.code).toBe('ACCOUNT_NOT_FOUND');
  expect((await start('王老师', 'residence-permit')).body.error.code).toBe('ACCOUNT_NOT_FOUND');
  expect((await start('王老师')).body.error.code).toBe('LEGACY_ACCOUNT');
});
