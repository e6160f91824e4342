/**
 * scripts/setup.sh's update patch: concurrent updates of one document through the embedded FerretDB each land,
 * as on MongoDB, where one document's update is atomic. FerretDB 1.x reads the document, applies the operators
 * and writes it back whole, so without the patch parallel updates overwrite each other: ten parallel `$set`s of
 * different fields kept one or two of them, and parallel `$inc`s lost most of their increments. The server relies
 * on this for accounts: an applicant's own change and a staff decision about them may write the same account at
 * once (a profile field and the verification status, say).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Collection } from 'mongodb';
import { startFerretDb, type RunningService } from '../../scripts/local-services';

const PARALLEL = 20;
const ROUNDS = 5;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jszg-ferretdb-updates-'));
let ferret: RunningService;
let client: MongoClient;
let documents: Collection<{ _id: string; [field: string]: unknown }>;

beforeAll(async () => {
  ferret = await startFerretDb(dataDir);
  // A connection per update in flight, so that they reach FerretDB at once.
  client = await new MongoClient(`${ferret.url}/updates`, { maxPoolSize: PARALLEL, minPoolSize: PARALLEL }).connect();
  documents = client.db().collection('documents');
});

afterAll(async () => {
  await client?.close();
  await ferret?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('parallel $set of different fields of one document: every field is there', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const _id = `set-${round}`;
    await documents.insertOne({ _id, name: '张三' });
    await Promise.all(Array.from({ length: PARALLEL }, (_, i) => documents.updateOne({ _id }, { $set: { [`field${i}`]: i } })));
    const found = await documents.findOne({ _id });
    expect(Object.keys(found!).filter((key) => key.startsWith('field'))).toHaveLength(PARALLEL);
    expect(found!.name).toBe('张三');
  }
});

test('parallel $inc by updateOne and by findOneAndUpdate: no increment lost', async () => {
  const counters = client.db().collection<{ _id: string; n: number }>('counters');
  await counters.insertOne({ _id: 'counter', n: 0 });
  await Promise.all(Array.from({ length: PARALLEL * ROUNDS }, (_, i) => (i % 2
    ? counters.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })
    : counters.findOneAndUpdate({ _id: 'counter' }, { $inc: { n: 1 } }))));
  expect((await counters.findOne({ _id: 'counter' }))!.n).toBe(PARALLEL * ROUNDS);
});

test('parallel upserts of one new document: one document, every change in it', async () => {
  await Promise.all(Array.from({ length: PARALLEL }, (_, i) => documents.updateOne({ _id: 'upserted' }, { $set: { [`field${i}`]: i } }, { upsert: true })));
  const found = await documents.findOne({ _id: 'upserted' });
  expect(Object.keys(found!).filter((key) => key.startsWith('field'))).toHaveLength(PARALLEL);
  expect(await documents.countDocuments({ _id: 'upserted' })).toBe(1);
});
