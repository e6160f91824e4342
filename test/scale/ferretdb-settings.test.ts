/**
 * How the embedded FerretDB writes the legacy import's batches (issue 14):
 *   - scripts/setup.sh's insert patch: an insert that fits in one statement runs without BEGIN, so SQLite keeps
 *     no statement journal (a copy of every page the statement changes) for it;
 *   - the settings it runs with (scripts/local-services.ts: the statement journal in memory, one transaction per
 *     1,000 inserted documents, a lazier garbage collector) cut FerretDB's CPU per imported account, compared side
 *     by side with FerretDB's own settings, batch by batch, so that other work on the machine weighs on both
 *     alike (CPU time, not wall time);
 *   - an unordered batch's duplicates are reported as before.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, MongoBulkWriteError, type Collection, type Document } from 'mongodb';
import { FERRETDB_INSERT_BATCH_SIZE, startFerretDb, type RunningService } from '../../scripts/local-services';
import { IMPORT_BATCH_SIZE } from '../../server/src/legacy/rules';

const BATCHES = 12;
/** Measured here: 0.57 of the stock CPU on these batches (0.65–0.75 over a whole 100,000-row import). */
const CPU_RATIO_BOUND = 0.85;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jszg-ferretdb-settings-'));
let tuned: RunningService;
let stock: RunningService;
const clients: MongoClient[] = [];

/** The CPU seconds a process has used so far (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A batch shaped like the legacy import's (scripts/import-legacy.ts): `_id` a blind index, a cipher, contacts. */
function accounts(count: number): Document[] {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => ({
    _id: randomBytes(32).toString('base64url'), idCipher: `v1:${randomBytes(50).toString('base64')}`, idType: 'resident-id',
    name: '张三', passwordHash: null, legacy: true, legacyRegisteredAt: new Date('2016-05-01'), verification: { status: 'unverified' },
    createdAt: now, updatedAt: now, email: `${100000 + i}@qq.com`, phone: '15800000000', legacySource: `accounts.csv:75000046:0123456789abcdef#${i}`,
  }));
}

async function collectionOf(service: RunningService): Promise<Collection> {
  const client = await MongoClient.connect(service.url);
  clients.push(client);
  return client.db('settings').collection('accounts');
}

beforeAll(async () => {
  [tuned, stock] = await Promise.all([
    startFerretDb(path.join(dataDir, 'tuned')),
    startFerretDb(path.join(dataDir, 'stock'), undefined, { stock: true }),
  ]);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all([tuned?.stop(), stock?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

test('an insert batch writes no statement journal (the setup.sh patch)', async () => {
  // With FerretDB's own settings SQLite keeps statement journals in temporary files, created (and at once
  // unlinked) in SQLITE_TMPDIR once one outgrows 64 KiB; a batch into a collection of 20,000 random `_id`s
  // changes a few hundred index pages. Creating or unlinking a file changes its directory's modification time.
  const tempDir = path.join(dataDir, 'sqlite-temp');
  mkdirSync(tempDir);
  const previous = process.env.SQLITE_TMPDIR;
  process.env.SQLITE_TMPDIR = tempDir;
  let journaled: RunningService;
  try {
    journaled = await startFerretDb(path.join(dataDir, 'journal'), undefined, { stock: true });
  } finally {
    if (previous === undefined) delete process.env.SQLITE_TMPDIR;
    else process.env.SQLITE_TMPDIR = previous;
  }
  try {
    const collection = await collectionOf(journaled);
    for (let i = 0; i < 20; i++) await collection.insertMany(accounts(IMPORT_BATCH_SIZE), { ordered: false });
    const before = statSync(tempDir, { bigint: true }).mtimeNs;
    await collection.insertMany(accounts(IMPORT_BATCH_SIZE), { ordered: false });
    expect(await collection.estimatedDocumentCount()).toBe(21 * IMPORT_BATCH_SIZE);
    expect(statSync(tempDir, { bigint: true }).mtimeNs).toBe(before);
  } finally {
    await journaled.stop();
  }
}, 180_000);

test('the import\'s batches cost FerretDB less CPU than as it ships', async () => {
  expect(FERRETDB_INSERT_BATCH_SIZE).toBeGreaterThanOrEqual(IMPORT_BATCH_SIZE);
  const sides = [
    { service: tuned, collection: await collectionOf(tuned), cpu: 0 },
    { service: stock, collection: await collectionOf(stock), cpu: 0 },
  ];
  for (let i = 0; i < BATCHES; i++) {
    for (const side of i % 2 ? sides : [...sides].reverse()) {
      const batch = accounts(IMPORT_BATCH_SIZE);
      const before = cpuSeconds(side.service.process.pid!);
      await side.collection.insertMany(batch, { ordered: false });
      side.cpu += cpuSeconds(side.service.process.pid!) - before;
    }
  }
  const [tunedCpu, stockCpu] = sides.map((side) => side.cpu) as [number, number];
  console.log(`FerretDB CPU for ${BATCHES} batches of ${IMPORT_BATCH_SIZE}: tuned ${tunedCpu.toFixed(2)} s, stock ${stockCpu.toFixed(2)} s (${(tunedCpu / stockCpu).toFixed(2)})`);
  expect(await sides[0]!.collection.estimatedDocumentCount()).toBe(BATCHES * IMPORT_BATCH_SIZE);
  expect(tunedCpu / stockCpu).toBeLessThan(CPU_RATIO_BOUND);
}, 180_000);

test('an unordered batch with duplicates stores the rest and names each duplicate by its index', async () => {
  const collection = await collectionOf(tuned);
  const earlier = accounts(3);
  await collection.insertMany(earlier);
  const batch = accounts(IMPORT_BATCH_SIZE);
  batch[10] = { ...batch[10], _id: earlier[0]!._id };
  batch[700] = { ...batch[700], _id: batch[20]!._id };
  const failure = await collection.insertMany(batch, { ordered: false }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(MongoBulkWriteError);
  const writeErrors = [(failure as MongoBulkWriteError).writeErrors].flat();
  expect(writeErrors.map(({ index, code }) => ({ index, code }))).toEqual([{ index: 10, code: 11000 }, { index: 700, code: 11000 }]);
  expect((failure as MongoBulkWriteError).insertedCount).toBe(IMPORT_BATCH_SIZE - 2);
  expect(await collection.countDocuments({ _id: { $in: batch.map((doc) => doc._id) } })).toBe(IMPORT_BATCH_SIZE - 1);
}, 120_000);
