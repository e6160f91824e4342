/**
 * The review desk's data at scale and under concurrency, against the real FerretDB: every read and write of the
 * desk's collections is an `_id` point operation (FerretDB scans the table for anything else), a page read at
 * 20,000+ entries costs a small fraction of one scan measured in the same test, two submits of one decision
 * apply it once, and queue pages come oldest first, paged.
 */
import mongoose from 'mongoose';
import { ApiClient, registeredApplicant } from '../support/client';
import { phoneNumber, qqMail, residentId } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';
import { jpeg, manualReviewForm, multipart } from '../identity/helpers';
import { BLOCK_SIZE, blockIdOf } from '../../server/src/stores/dense-log';
import { caseModel } from '../../server/src/stores/review-cases';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => {
  mongoose.set('debug', false);
  await server.close();
});

const reviewer = { id: 'staff-desk-1', name: '审核员甲', role: 'reviewer' as const };
const desk = () => server.services.review.desk;

async function supportRequest(kind = 'name-garbled', email = qqMail()) {
  const client = new ApiClient(server.url);
  const person = { idType: 'resident-id', idNumber: residentId(), name: '王五' };
  const reply = await client.post('/api/v1/support-requests', multipart(
    { kind, ...person, phone: phoneNumber(), email, description: '姓名显示为乱码' }, { photo: { data: await jpeg(10_000) } },
  ));
  expect(reply.status).toBe(202);
  return { client, ref: reply.body.id as string, email };
}

describe('every operation on the desk collections is an _id point operation', () => {
  const DESK_COLLECTIONS = new Set(['review_cases', 'review_keys', 'review_streams', 'audit_log', 'case_photos']);
  const FILTERED = new Set(['find', 'findOne', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'findOneAndUpdate', 'findOneAndDelete', 'replaceOne', 'distinct', 'aggregate']);

  function isPointFilter(filter: unknown): boolean {
    if (!filter || typeof filter !== 'object') return false;
    const keys = Object.keys(filter);
    const id = (filter as { _id?: unknown })._id;
    return keys.length === 1 && keys[0] === '_id' && (typeof id === 'string' || id instanceof mongoose.Types.ObjectId);
  }

  it('through filing, status pages, queues, opening, deciding and the audit log', async () => {
    const { client } = await registeredApplicant(server.url);
    const seen: { collection: string; method: string; filter: unknown }[] = [];
    mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => { seen.push({ collection, method, filter: args[0] }); });
    try {
      const submitted = await client.post('/api/v1/me/manual-reviews', await manualReviewForm());
      expect(submitted.status).toBe(202);
      expect((await client.get('/api/v1/me/verification')).body.pendingReview.id).toBe(submitted.body.id);
      const support = await supportRequest();
      expect((await support.client.get(`/api/v1/support-requests/${support.ref}`)).body.status).toBe('pending');
      await desk().queue('manual-review');
      await desk().counts();
      await desk().open(submitted.body.id, reviewer);
      await desk().photo(submitted.body.id, 'handheld', reviewer);
      await desk().decide(submitted.body.id, reviewer, { outcome: 'rejected', reason: '民族错误', reply: null });
      await desk().decided('manual-review');
      await server.services.audit.recent();
      await server.services.audit.ofAccount((await client.get('/api/v1/me')).body.id);
      expect((await client.get('/api/v1/me/verification')).body.status).toBe('manual-rejected');
    } finally {
      mongoose.set('debug', false);
    }
    const desks = seen.filter((op) => DESK_COLLECTIONS.has(op.collection));
    expect(desks.length).toBeGreaterThan(20);
    const scans = desks.filter((op) => FILTERED.has(op.method) && !isPointFilter(op.filter));
    expect(scans).toEqual([]);
    // The account itself is only ever written by `_id` here.
    const accountWrites = seen.filter((op) => op.collection === 'accounts' && op.method.startsWith('update'));
    expect(accountWrites.length).toBeGreaterThan(0);
    expect(accountWrites.filter((op) => !isPointFilter(op.filter))).toEqual([]);
  });
});

describe('page reads at 20,000+ entries against a scan of the same table', () => {
  const ENTRIES = 21_000;

  async function median(fn: () => Promise<unknown>, runs: number): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await fn();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  }

  it('reads an audit page and a queue page in a small fraction of one scan', async () => {
    const db = server.deps.mongo.db!;
    const body = (n: number) => ({ at: new Date(n), actor: { type: 'system', id: null, name: null }, action: 'load', accountId: null, caseRef: null, summary: `entry ${n}`, detail: {} });
    const { audit: log } = server.services;
    // After what the tests above logged, with the blocks the log's appenders write for full blocks.
    const start = ((await log.recent(1)).entries[0]?.n ?? 0) + 1;
    const top = start + ENTRIES - 1;
    const audit: Record<string, unknown>[] = [];
    const entries: Record<string, unknown>[] = [];
    for (let n = start; n <= top; n++) {
      const entry = { _id: `all:${n}`, n, body: body(n) };
      audit.push(entry);
      entries.push(entry);
      if (n % BLOCK_SIZE === 0 && n - BLOCK_SIZE + 1 >= start) {
        const block = n / BLOCK_SIZE - 1;
        audit.push({ _id: blockIdOf('all', block), n: block, body: { entries: entries.slice(-BLOCK_SIZE) } });
      }
    }
    const snapshot = { name: '申请人', idType: 'resident-id', maskedIdNumber: '11**************1X', summary: '测试' };
    const queue = Array.from({ length: ENTRIES }, (_, i) => ({
      _id: `queue:contact-change:${i + 1}`, n: i + 1,
      body: { ref: `load-${i + 1}`, submittedAt: new Date(Date.now() - (ENTRIES - i) * 1000), snapshot, done: i < ENTRIES * 0.8 || i % 7 === 0 },
    }));
    // Loading and the scan take longer than the server's operation timeout allows one request.
    const slow = { timeoutMS: 120_000 };
    for (let i = 0; i < audit.length; i += 1000) await db.collection('audit_log').insertMany(audit.slice(i, i + 1000) as never[], slow);
    for (let i = 0; i < queue.length; i += 1000) await db.collection('review_streams').insertMany(queue.slice(i, i + 1000) as never[], slow);
    // Where deciding the oldest first leaves the queue's head (the desk moves it as it decides the head's case).
    await db.collection<{ _id: string; ref: string; at: Date; n: number }>('review_keys').insertOne({ _id: 'queue-head:contact-change', ref: '', at: new Date(), n: ENTRIES * 0.8 + 1 });

    const first = await log.recent();
    expect(first.entries.map((e) => e.n)).toEqual(Array.from({ length: 50 }, (_, i) => top - i));
    const deep = await log.recent(undefined, 10_001);
    expect(deep.entries.map((e) => e.n)).toEqual(Array.from({ length: 50 }, (_, i) => 10_000 - i));
    expect(deep.entries[0]!.summary).toBe(`entry ${10_000}`);
    const page = await desk().queue('contact-change');
    expect(page.items).toHaveLength(20);
    expect(page.items.every((item, i) => i === 0 || item.n > page.items[i - 1]!.n)).toBe(true);

    const scan = await median(() => db.collection('audit_log').countDocuments({ 'body.action': 'nothing-matches' }, slow), 3);
    const auditPage = await median(() => log.recent(undefined, 15_001), 5);
    const queuePage = await median(() => desk().queue('contact-change'), 5);
    // A page is a bounded number of point reads; a regression to a filtered query reads all 23,000+ documents.
    expect(auditPage).toBeLessThan(scan / 4);
    expect(queuePage).toBeLessThan(scan / 4);
  }, 180_000);
});

describe('decisions', () => {
  it('two submits of one decision at once (a double click, two tabs) apply it once', async () => {
    const { ref, email } = await supportRequest();
    const results = await Promise.allSettled([
      desk().decide(ref, reviewer, { outcome: 'approved', reason: null, reply: '已为您处理' }),
      desk().decide(ref, reviewer, { outcome: 'rejected', reason: '照片不清晰', reply: null }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(refused.reason.code).toBe('REQUEST_PENDING');
    const winner = results[0]!.status === 'fulfilled' ? 'approved' : 'rejected';
    const outbox = (await new ApiClient(server.url).get(`/dev/outbox?to=${encodeURIComponent(email)}`)).body as { subject?: string }[];
    expect(outbox.filter((m) => m.subject?.startsWith('回复：'))).toHaveLength(1);
    const history = await server.services.audit.ofCase(ref);
    expect(history.entries.filter((e) => e.action.startsWith('case.') && e.action !== 'case.opened')).toHaveLength(1);
    expect(history.entries.find((e) => e.action === `case.${winner}`)).toBeDefined();
    expect((await new ApiClient(server.url).get(`/api/v1/support-requests/${ref}`)).body.status).toBe(winner);
    expect((await desk().queue('support-request')).items.map((i) => i.ref)).not.toContain(ref);
    // A later submit is told it is done.
    await expect(desk().decide(ref, reviewer, { outcome: 'approved', reason: null, reply: null })).rejects.toMatchObject({ message: '该事项已处理完毕' });
  });

  it('effects finished again after a cut-off (the sweep) repeat nothing that was done: one audit entry, one reply, one decided row', async () => {
    const { ref, email } = await supportRequest();
    await desk().decide(ref, reviewer, { outcome: 'approved', reason: null, reply: '已为您处理' });
    // As if the process died after the effects but before they were marked done: the sweep finds the decision open.
    await caseModel(server.deps.mongo).updateOne({ _id: ref }, { $set: { 'decision.effectsDoneAt': null } });
    await server.deps.redis.zAdd('review-decisions-open', { score: 0, value: ref });
    await desk().sweep();
    expect((await caseModel(server.deps.mongo).findById(ref).lean())?.decision?.effectsDoneAt).toBeInstanceOf(Date);
    const history = await server.services.audit.ofCase(ref);
    expect(history.entries.filter((e) => e.action === 'case.approved')).toHaveLength(1);
    const outbox = (await new ApiClient(server.url).get(`/dev/outbox?to=${encodeURIComponent(email)}`)).body as { subject?: string }[];
    expect(outbox.filter((m) => m.subject?.startsWith('回复：'))).toHaveLength(1);
    expect((await desk().decided('support-request')).rows.filter((row) => row.ref === ref)).toHaveLength(1);
  });

  it('two reviewers deciding at once: the one who does not hold the item is refused', async () => {
    const { ref } = await supportRequest();
    await desk().open(ref, reviewer);
    const other = { id: 'staff-desk-2', name: '审核员乙', role: 'reviewer' as const };
    await expect(desk().decide(ref, other, { outcome: 'approved', reason: null, reply: null })).rejects.toMatchObject({ message: expect.stringContaining('审核员甲') });
    await desk().decide(ref, reviewer, { outcome: 'approved', reason: null, reply: null });
  });
});

describe('queue pages', () => {
  it('come oldest first, 20 a page, each page after the last, decided ones left out', async () => {
    const refs: string[] = [];
    for (let i = 0; i < 23; i++) refs.push((await supportRequest('other')).ref);
    await desk().decide(refs[1]!, reviewer, { outcome: 'approved', reason: null, reply: null });
    const listed: string[] = [];
    let after: number | undefined;
    for (let page = 0; page < 5; page++) {
      const { items, next } = await desk().queue('support-request', after);
      listed.push(...items.map((i) => i.ref));
      if (!next) break;
      expect(items).toHaveLength(20);
      after = next;
    }
    const ours = listed.filter((r) => refs.includes(r));
    expect(ours).toEqual(refs.filter((_, i) => i !== 1));
    const counts = await desk().counts();
    expect(counts['support-request']).toBe(listed.length);
  });
});
