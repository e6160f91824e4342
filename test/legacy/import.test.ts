/** The legacy import command, run as an operator would, then the applicant journeys it governs. */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { MongoClient, type Db } from 'mongodb';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeAccountsFile } from '../../bench/accounts-file';
import { ApiClient, login, newApplicant, register } from '../support/client';
import { hkmoPermit, residentId } from '../support/identities';
import { startTestServer, testEnv, type TestServer } from '../support/server';
import { MONGO_BULK_OPERATION_TIMEOUT_MS } from '../../server/src/stores/mongo';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'jszg-legacy-'));

let server: TestServer;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  env = testEnv();
  // The test counts whole collections (scans on FerretDB), longer than a request's MongoDB budget.
  server = await startTestServer({
    MONGODB_URI: env.MONGODB_URI!, REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX!, MONGODB_OPERATION_TIMEOUT_MS: String(MONGO_BULK_OPERATION_TIMEOUT_MS),
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function importFile(file: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/import-legacy.ts', file], { cwd: ROOT, env: { ...process.env, ...env } });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

const legacyResident = residentId('19800101');
const legacyPermit = hkmoPermit();
const alreadyRegistered = residentId('19810101');

test('the import keeps good rows, reports bad ones by line, and governs login, reset and re-registration', async () => {
  expect((await register(new ApiClient(server.url), newApplicant({ idNumber: alreadyRegistered }))).status).toBe(201);
  const csv = path.join(dir, 'accounts.csv');
  writeFileSync(csv, [
    'idType,idNumber,name,email,phone,registeredAt',
    `resident-id,${legacyResident},王五,12345@qq.com,15800000001,2018-06-01`,
    `港澳居民来往内地通行证,${legacyPermit.toLowerCase()},陈小明,,,2017-01-15`,
    `resident-id,110101199001011234,赵六,,,2018-01-01`,
    `resident-id,${residentId('19820101')},钱七,,,2019-03-01`,
    `passport,E12345678,孙八,,,2018-01-01`,
    `resident-id,${alreadyRegistered},张三,,,2018-01-01`,
    `resident-id,${legacyResident},王五,,,2018-06-01`,
  ].join('\n'));
  const result = await importFile(csv);
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('rows: 7, imported: 2, rejected: 5');
  expect(result.stdout).toMatch(/line 4: idNumber: /);
  expect(result.stdout).toContain('line 5: registeredAt: 2019-03-01 is not before 2019-03-01');
  expect(result.stdout).toContain('line 6: unknown idType "passport"');
  expect(result.stdout).toContain('line 7: an account with this idNumber already exists');
  expect(result.stdout).toContain('line 8: the same idNumber appears earlier in the file');
  expect(result.stdout).not.toContain(legacyResident);

  const loginReply = await login(new ApiClient(server.url), legacyResident, 'Abc12345#');
  expect(loginReply.status).toBe(403);
  expect(loginReply.body.error.code).toBe('LEGACY_ACCOUNT');
  expect(loginReply.body.error.message).toContain('2019年3月1日之前');

  const client = new ApiClient(server.url);
  const reset = await client.post('/api/v1/password-resets', { idType: 'resident-id', idNumber: legacyResident, name: '王五', captchaToken: await client.captchaToken() });
  expect(reset.body.error).toEqual({ code: 'LEGACY_ACCOUNT', message: '2019年3月1日之前注册的账号，不能进行密码重置，需要重新注册账号。' });

  // Registering again replaces the legacy account: one account, no longer legacy, and it logs in.
  const applicant = newApplicant({ idNumber: legacyResident, name: '王五' });
  expect((await register(new ApiClient(server.url), applicant)).status).toBe(201);
  const idIndex = server.deps.pii.blindIndex('idNumber', legacyResident);
  const stored = await server.deps.accounts.find({ _id: idIndex }).lean();
  expect(stored).toHaveLength(1);
  expect(stored[0]!.legacy).toBe(false);
  expect((await login(new ApiClient(server.url), legacyResident, applicant.password)).status).toBe(200);
  expect((await register(new ApiClient(server.url), newApplicant({ idNumber: legacyResident }))).status).toBe(409);
}, 60_000);

test('JSON lines with a broken line', async () => {
  const file = path.join(dir, 'accounts.jsonl');
  const idNumber = residentId('19750505');
  writeFileSync(file, [
    JSON.stringify({ idType: 'resident-id', idNumber, name: '李·阿卜杜', registeredAt: '2016-09-09' }),
    '{"idType": "resident-id",',
    '',
  ].join('\n'));
  const result = await importFile(file);
  expect(result.stdout).toContain('rows: 2, imported: 1, rejected: 1');
  expect(result.stdout).toContain('line 2: not valid JSON');
  const stored = await server.deps.accounts.findById(server.deps.pii.blindIndex('idNumber', idNumber)).lean();
  expect(stored).toMatchObject({ legacy: true, name: '李·阿卜杜', passwordHash: null });
}, 60_000);

test('an import killed halfway and run again imports the rest and duplicates nothing', async () => {
  const own = testEnv();
  // A client of its own: counting tens of thousands of rows on FerretDB outlasts the server's operation timeout.
  const client = await MongoClient.connect(own.MONGODB_URI!);
  try {
    await killedAndResumed(client.db(), { ...process.env, ...env, MONGODB_URI: own.MONGODB_URI! });
  } finally {
    await client.close();
  }
}, 180_000);

async function killedAndResumed(database: Db, importEnv: NodeJS.ProcessEnv) {
  const rows = 30_000;
  const file = path.join(dir, 'big.csv');
  await writeAccountsFile(file, rows, '320102');
  const checkpointLine = async () => (await database.collection<{ _id: string; line: number }>('legacy_imports').findOne({}))?.line ?? 0;

  // Started in its own process group, so the kill reaches the import itself and not only npx.
  const first = spawn('npx', ['tsx', 'scripts/import-legacy.ts', file], { cwd: ROOT, env: importEnv, detached: true, stdio: 'ignore' });
  const deadline = Date.now() + 90_000;
  while (await checkpointLine() < rows / 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  process.kill(-first.pid!, 'SIGKILL');
  await once(first, 'exit');
  const landed = await database.collection('accounts').countDocuments();
  expect(landed).toBeGreaterThanOrEqual(rows / 3);
  expect(landed).toBeLessThan(rows);

  const second = await run('npx', ['tsx', 'scripts/import-legacy.ts', file], { cwd: ROOT, env: importEnv });
  const summary = /rows: (\d+), imported: (\d+), rejected: (\d+), done by an earlier run: (\d+)/.exec(second.stdout);
  expect(summary).not.toBeNull();
  const [, total, imported, rejected, doneEarlier] = summary!.map(Number);
  expect({ total, rejected }).toEqual({ total: rows, rejected: 0 });
  expect(imported! + doneEarlier!).toBe(rows);
  expect(imported).toBe(rows - landed);
  expect(await database.collection('accounts').countDocuments()).toBe(rows);
}
