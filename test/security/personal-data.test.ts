/** ID numbers encrypted at rest, found through the blind index, and never written to logs. */
import { Writable } from 'node:stream';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/log';
import { startServer } from '../../server/src/server';
import { ApiClient, login, registeredApplicant } from '../support/client';
import { testEnv, type TestServer } from '../support/server';

let server: TestServer;
let logged = '';

beforeAll(async () => {
  const config = loadConfig(testEnv({ LOG_LEVEL: 'debug' }));
  const sink = new Writable({ write(chunk, _encoding, done) { logged += chunk.toString(); done(); } });
  server = await startServer(config, createLogger('debug', sink));
});
afterAll(async () => { await server.close(); });

test('the stored account holds the ID number only as cipher text and a blind index', async () => {
  const { applicant, account } = await registeredApplicant(server.url);
  const raw = await server.deps.mongo.db!.collection('accounts').findOne({ name: applicant.name, phone: applicant.phone });
  expect(raw).not.toBeNull();
  expect(JSON.stringify(raw)).not.toContain(applicant.idNumber);
  expect(JSON.stringify(raw)).not.toContain(applicant.password);
  expect(raw!.passwordHash).toMatch(/^\$argon2id\$/);
  expect(server.deps.pii.decrypt('idNumber', raw!.idCipher)).toBe(applicant.idNumber);
  expect(account.id).toBe(String(raw!._id));
});

test('a tampered cipher text does not open', () => {
  const sealed = server.deps.pii.encrypt('idNumber', '110101199003070000');
  const [version, body] = sealed.split(':') as [string, string];
  const bytes = Buffer.from(body, 'base64');
  bytes[bytes.length - 1]! ^= 1;
  expect(() => server.deps.pii.decrypt('idNumber', `${version}:${bytes.toString('base64')}`)).toThrow();
  expect(() => server.deps.pii.decrypt('passNumber', sealed)).toThrow();
});

test('every seal gets an IV of its own, across the random blocks IVs are cut from', async () => {
  // 12-byte IVs from 4 KiB blocks (341 a block): 1,200 seals span four blocks and their boundaries. The server
  // runs in this process: the loop yields now and then so that its sockets are served meanwhile.
  const ivs = new Set<string>();
  for (let i = 0; i < 1_200; i++) {
    const sealed = server.deps.pii.encrypt('idNumber', '110101199003070000');
    ivs.add(Buffer.from(sealed.split(':')[1]!, 'base64').subarray(0, 12).toString('hex'));
    if (i % 100 === 0) {
      expect(server.deps.pii.decrypt('idNumber', sealed)).toBe('110101199003070000');
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  expect(ivs.size).toBe(1_200);
});

test('a cipher text with a truncated GCM tag does not open, even one the key made', () => {
  const { createCipheriv, randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', server.deps.config.dataKey, iv, { authTagLength: 4 });
  cipher.setAAD(Buffer.from('idNumber'));
  const body = Buffer.concat([cipher.update(Buffer.alloc(0)), cipher.final()]);
  const sealed = `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  expect(() => server.deps.pii.decrypt('idNumber', sealed)).toThrow();
});

test('logs carry no ID numbers, passwords, codes or tokens', async () => {
  const { client, applicant } = await registeredApplicant(server.url);
  await login(new ApiClient(server.url), applicant.idNumber, 'Wrong123#');
  const code = await client.lastCode(applicant.phone);
  expect(logged).toContain('"path":"/api/v1/sessions"');
  for (const secret of [applicant.idNumber, applicant.password, code, client.token!, applicant.phone, applicant.email]) {
    expect(logged).not.toContain(secret);
  }
});
