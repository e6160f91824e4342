/**
 * npm run bench:desk: the review desk at scale (issue 14 item 2). Loads a fresh embedded FerretDB with 100,000
 * review cases and 1,000,000 audit entries, in the layout the desk writes (stores/review-cases.ts,
 * stores/audit-log.ts), and times what staff and applicants read — queue pages (oldest deadline first), decided
 * lists and audit pages (newest first), first pages and deep ones, the pending counts, and the per-account
 * lookups of applicant paths — beside the same at 1,000 cases and 1,000 audit entries. Prints p50 and p99 of
 * each, and the ratio of the two sizes; exits 1 if any p99 at full size is 300 ms or more. Both sizes are loaded
 * first, then each read alternates between them in SLICES slices, so a change in the machine's speed (it is
 * shared) hits both sides alike.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { compose } from '../server/src/composition';
import { loadConfig } from '../server/src/config';
import { closeDeps, createDeps } from '../server/src/deps';
import { createLogger } from '../server/src/log';
import { reviewPeriodOf } from '../server/src/verification/periods';
import { BLOCK_SIZE, blockIdOf } from '../server/src/stores/dense-log';
import { CASE_KINDS, type CaseKind } from '../server/src/stores/review-cases';
import { serverEnv, startServices } from './support';

const TARGET_MS = 300;
const ITERATIONS = Number(process.env.BENCH_DESK_ITERATIONS ?? 100);
const SLICES = 4;
const BATCH = 2000;
/** Loading batches may take longer than the server's own operation timeout allows a request. */
const LOAD_TIMEOUT_MS = 120_000;
/** Share of each kind among the cases, and the share of the oldest that are decided. */
const KIND_SHARE: Record<CaseKind, number> = { 'manual-review': 0.6, 'contact-change': 0.25, 'support-request': 0.15 };
const DECIDED_SHARE = 0.8;
/** Among the newer cases, one in this many was decided out of order (a hole the queue page skips). */
const HOLE_EVERY = 25;
/** Accounts whose own audit stream the bench fills, and the entries each. */
const AUDITED_ACCOUNTS = 200;
const ENTRIES_PER_ACCOUNT = 120;

type Size = { label: string; cases: number; audit: number };
const SIZES: Size[] = [
  { label: '1k', cases: 1_000, audit: 1_000 },
  { label: 'full', cases: Number(process.env.BENCH_DESK_CASES ?? 100_000), audit: Number(process.env.BENCH_DESK_AUDIT ?? 1_000_000) },
];

async function insertAll(db: Db, collection: string, docs: Iterable<Record<string, unknown>>): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  for (const doc of docs) {
    batch.push(doc);
    if (batch.length === BATCH) {
      await db.collection(collection).insertMany(batch as never[], { ordered: false, timeoutMS: LOAD_TIMEOUT_MS });
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length) await db.collection(collection).insertMany(batch as never[], { ordered: false, timeoutMS: LOAD_TIMEOUT_MS });
  return count + batch.length;
}

/** Entries of a log that never change, with the block documents their appenders write (stores/dense-log.ts). */
function* withBlocks(stream: string, count: number, body: (n: number) => unknown) {
  let block: { _id: string; n: number; body: unknown }[] = [];
  for (let n = 1; n <= count; n++) {
    const entry = { _id: `${stream}:${n}`, n, body: body(n) };
    yield entry;
    block.push(entry);
    if (n % BLOCK_SIZE === 0) {
      yield { _id: blockIdOf(stream, n / BLOCK_SIZE - 1), n: n / BLOCK_SIZE - 1, body: { entries: block } };
      block = [];
    }
  }
}

const snapshot = (i: number) => ({ name: `申请人${i}`, idType: 'resident-id', maskedIdNumber: '11**************1X', summary: '实名核验未通过，网证开通失败' });

/** Loads `size` in the desk's own layout; returns a pending case's account and a deep queue cursor per kind. */
async function load(db: Db, size: Size) {
  const started = Date.now();
  const period = reviewPeriodOf().from;
  const t0 = Date.now() - 60 * 86_400_000;
  const deepCursor: Partial<Record<CaseKind, number>> = {};
  let pendingAccount = '';
  for (const kind of CASE_KINDS) {
    const count = Math.round(size.cases * KIND_SHARE[kind]);
    const decidedBelow = Math.floor(count * DECIDED_SHARE);
    deepCursor[kind] = decidedBelow + Math.floor((count - decidedBelow) / 2);
    const isDone = (n: number) => n <= decidedBelow || n % HOLE_EVERY === 0;
    const at = (n: number) => new Date(t0 + (n / count) * 59 * 86_400_000);
    const ref = (n: number) => `${kind}-${n}`;
    const account = (n: number) => `acct-${kind}-${n}`;
    pendingAccount = account(count - 1);
    await insertAll(db, 'review_cases', (function* () {
      for (let n = 1; n <= count; n++) {
        const done = isDone(n);
        yield {
          _id: ref(n), kind, status: done ? 'approved' : 'pending', accountId: account(n), pendingKey: `pending:${kind}:${account(n)}`,
          quotaKey: null, submittedAt: at(n), queueNumber: n, details: { reason: '实名核验未通过' }, photos: [], snapshot: snapshot(n),
          decision: done ? { outcome: 'approved', staffId: 's', staffName: '审核员甲', at: at(n), reason: null, reply: null, effectsDoneAt: at(n) } : null,
        };
      }
    })());
    const decided = Array.from({ length: count }, (_, i) => i + 1).filter(isDone);
    await insertAll(db, 'review_streams', (function* () {
      for (let n = 1; n <= count; n++) {
        yield { _id: `queue:${kind}:${n}`, n, body: { ref: ref(n), submittedAt: at(n), snapshot: snapshot(n), done: isDone(n) } };
        yield { _id: `account:${account(n)}:1`, n: 1, body: { ref: ref(n), kind, at: at(n) } };
      }
      yield* withBlocks(`decided:${kind}`, decided.length, (d) => {
        const n = decided[d - 1]!;
        return { ref: ref(n), kind, at: at(n), outcome: 'approved', staffName: '审核员甲', snapshot: snapshot(n) };
      });
    })());
    await insertAll(db, 'review_keys', (function* () {
      // Where deciding the oldest first leaves the head (Desk.decide moves it as it decides the head's case).
      yield { _id: `queue-head:${kind}`, ref: '', at: new Date(), n: decidedBelow + 1 };
      for (let n = 1; n <= count; n++) {
        if (!isDone(n)) yield { _id: `pending:${kind}:${account(n)}`, ref: ref(n), at: at(n) };
        if (kind === 'manual-review') yield { _id: `quota:manual-review:${account(n)}:${period}:1`, ref: ref(n), at: at(n) };
      }
    })());
  }
  const auditAccount = 'acct-audited-0';
  await insertAll(db, 'audit_log', (function* () {
    const body = (i: number, accountId: string | null) => ({
      at: new Date(t0 + i), actor: { type: 'staff', id: 's', name: '审核员甲' }, action: 'case.opened', accountId, caseRef: null,
      summary: '审核员甲查看了人工审核申请', detail: {},
    });
    yield* withBlocks('all', size.audit, (n) => body(n, null));
    for (let a = 0; a < Math.min(AUDITED_ACCOUNTS, size.audit / ENTRIES_PER_ACCOUNT); a++) {
      yield* withBlocks(`account:acct-audited-${a}`, ENTRIES_PER_ACCOUNT, (n) => body(n, `acct-audited-${a}`));
    }
  })());
  return { seconds: (Date.now() - started) / 1000, deepCursor: deepCursor as Record<CaseKind, number>, pendingAccount, auditAccount };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

type Timed = { name: string; samples: number[] };
type Probe = { name: string; run: () => Promise<unknown> };

async function slice(probe: Probe, into: number[], count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await probe.run();
    into.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}

/** Loads a size and returns what to time on it (the first queue page after loading is timed once, apart). */
async function prepare(size: Size, services: Awaited<ReturnType<typeof startServices>>) {
  const env = await serverEnv(services, { MONGODB_URI: `${services.ferret.url}/desk_${size.label}_${randomBytes(3).toString('hex')}`, REDIS_KEY_PREFIX: `desk-${size.label}:` });
  const config = loadConfig({ ...process.env, ...env });
  const deps = await createDeps(config, createLogger('warn'));
  const db = deps.mongo.db!;
  const loaded = await load(db, size);
  console.log(`loaded ${size.label}: ${size.cases} cases, ${size.audit} audit entries in ${loaded.seconds.toFixed(0)} s`);
  // The desk and the audit log need no WeChat API: any address does.
  const { review: { desk, cases: store }, audit } = compose(deps, { wechatApiBase: 'http://127.0.0.1:9', lifecycle: { draining: false } }).services;
  // The first look at each queue after loading: it reads past the cases decided out of order and links over them.
  const cold: Record<string, number> = {};
  for (const kind of CASE_KINDS) {
    const started = Date.now();
    await desk.queue(kind);
    cold[kind] = Date.now() - started;
  }
  const probes: Probe[] = [];
  for (const kind of CASE_KINDS) {
    probes.push({ name: `queue ${kind}, first page`, run: () => desk.queue(kind) });
    probes.push({ name: `queue ${kind}, deep page`, run: () => desk.queue(kind, loaded.deepCursor[kind]) });
  }
  probes.push(
    { name: 'pending counts (3 queues)', run: () => desk.counts() },
    { name: 'decided list, first page', run: () => desk.decided('manual-review') },
    { name: 'decided list, deep page', run: () => store.decidedPage('manual-review', Math.floor(size.cases * KIND_SHARE['manual-review'] * DECIDED_SHARE / 2)) },
    { name: 'audit log, first page', run: () => audit.recent() },
    { name: 'audit log, deep page', run: () => audit.recent(undefined, Math.floor(size.audit / 2)) },
    { name: 'audit log of an account', run: () => audit.ofAccount(loaded.auditAccount) },
    { name: 'pending case of an account', run: () => store.pendingCase(`pending:manual-review:${loaded.pendingAccount}`) },
    { name: 'manual reviews used this period', run: () => store.quotaUsed(`quota:manual-review:${loaded.pendingAccount}:${reviewPeriodOf().from}`, 3) },
    { name: 'a case by ref (status pages)', run: () => store.get(`contact-change-${Math.floor(size.cases * 0.2)}`) },
  );
  for (const probe of probes) await probe.run(); // warm: JIT, connections, this process's stream tops
  return { probes, cold, close: () => closeDeps(deps) };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

async function main() {
  const services = await startServices();
  const sides: Awaited<ReturnType<typeof prepare>>[] = [];
  try {
    for (const size of SIZES) sides.push(await prepare(size, services));
    const [small, full] = sides as [typeof sides[0], typeof sides[0]];
    const timed: [Timed, Timed][] = small.probes.map((p) => [{ name: p.name, samples: [] }, { name: p.name, samples: [] }]);
    for (let s = 0; s < SLICES; s++) {
      for (const [i, pair] of timed.entries()) {
        await slice(small.probes[i]!, pair[0].samples, ITERATIONS / SLICES);
        await slice(full.probes[i]!, pair[1].samples, ITERATIONS / SLICES);
      }
    }
    const pad = (text: string, n: number) => text + ' '.repeat(Math.max(0, n - [...text].length));
    console.log(`\n${pad('', 42)}${pad('1k p50 / p99 ms', 20)}${pad(`${SIZES[1]!.cases / 1000}k cases, ${SIZES[1]!.audit / 1e6}M audit p50 / p99 ms`, 40)}p50 ratio`);
    let missed = false;
    for (const [base, at] of timed) {
      const b = percentiles(base.samples);
      const f = percentiles(at.samples);
      const ok = f.p99 < TARGET_MS;
      missed ||= !ok;
      console.log(`${ok ? 'ok    ' : 'MISSED'}  ${pad(base.name, 34)}${pad(`${b.p50.toFixed(1)} / ${b.p99.toFixed(1)}`, 20)}${pad(`${f.p50.toFixed(1)} / ${f.p99.toFixed(1)}`, 40)}${(f.p50 / b.p50).toFixed(2)}`);
    }
    console.log(`\nfirst queue page after loading (writes skip links over decided entries), ms: 1k ${JSON.stringify(small.cold)}, full ${JSON.stringify(full.cold)}`);
    console.log(`${ITERATIONS} reads a side, alternating in ${SLICES} slices; target: every p99 at full size < ${TARGET_MS} ms`);
    process.exitCode = missed ? 1 : 0;
  } finally {
    for (const side of sides) await side.close();
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
