/**
 * Review cases over the layout of stores/review-cases.ts: filing (one pending per subject, a per-period quota),
 * the lookups applicant paths make (each a few `_id` reads), queue and case-list pages, and closing a case.
 * There are no transactions: every invariant rests on a unique `_id` insert, and a filing that fails half-way
 * takes back what it wrote. When the database goes away in the middle, taking back fails too (or a paused
 * FerretDB applies a write after the request was answered 503): each filing is marked in Redis while it runs,
 * and `sweepCutOffFilings` makes a marked filing whole (a case that landed joins the queue) or nothing (photos
 * and keys of a case that never landed are removed).
 */
import { randomBytes } from 'node:crypto';
import { asUnavailable, type AppError } from '../http/errors';
import { isDuplicateKey } from '../stores/accounts';
import type { Redis } from '../stores/redis';
import { createDenseLog } from '../stores/dense-log';
import {
  accountStream, decidedStream, decisionKeyOf, effectStepKeyOf, queueHeadKeyOf, queueStream,
  type CaseKind, type CaseListEntry, type CaseModel, type CaseRecord, type CaseSnapshot, type Decision,
  type QueueEntry, type ReviewKeyModel, type ReviewStreamModel,
} from '../stores/review-cases';
import type { PhotoStore } from '../uploads/photo-store';
import type { Photo } from '../uploads/photos';

/** A pending key whose case never appeared this long after it was taken is left over from a crashed filing. */
const ORPHAN_KEY_SECONDS = 60;
/** Filings under way: a sorted set of their markers (FilingMarker as JSON), scored by when each began. */
export const FILINGS_KEY = 'case-filings';
/**
 * A marker this old belongs to a filing cut off (its request long answered, each step being bounded), which the
 * sweep may now settle; well past a request's 3 s, so a paused FerretDB's late writes have landed by then.
 */
export const FILING_SETTLE_AFTER_MS = 10_000;
/** Markers settled by one sweep at most. */
const SWEEP_BATCH = 50;

type FilingMarker = { ref: string; roles: string[]; pendingKey: string | null; quota: { prefix: string; max: number } | null };

/** Rows on one case-list page. */
export const CASE_PAGE_SIZE = 50;
/** Rows on one queue page: staff take the oldest first, one at a time; each row costs a point read. */
export const QUEUE_PAGE_SIZE = 20;
/** Queue entries read beyond what the page still needs, for the decided ones among them. */
const QUEUE_READ_MARGIN = 5;
/** A run of decided queue entries at least this long gets a skip link on its first entry. */
const SKIP_LINK_MIN = 3;

export type CaseStoreDeps = { cases: CaseModel; reviewKeys: ReviewKeyModel; reviewStreams: ReviewStreamModel; photos: PhotoStore; redis: Redis };

export type NewCase = {
  kind: CaseKind;
  accountId: string | null;
  /** One pending case per this key (see pendingKeyOf), or null. */
  pendingKey: string | null;
  /** A per-period quota: keys `<prefix>:1` … `<prefix>:<max>`, one taken per case. */
  quota?: { prefix: string; max: number; error: AppError };
  details: Record<string, unknown>;
  snapshot: CaseSnapshot;
};

export type QueueRow = QueueEntry & { n: number };

/** The keys of a per-period quota: `<prefix>:1` … `<prefix>:<max>`. */
const quotaKeys = (prefix: string, max: number) => Array.from({ length: max }, (_, i) => `${prefix}:${i + 1}`);

export function createCaseStore(deps: CaseStoreDeps) {
  // Queue entries change (decided, skip links), so they are read one by one; list entries never change.
  const queueLog = createDenseLog<QueueEntry>(deps.reviewStreams as never, { blocks: false });
  const listLog = createDenseLog<CaseListEntry>(deps.reviewStreams as never, { blocks: true });

  const get = (ref: string) => deps.cases.findById(ref).lean<CaseRecord>().exec();

  async function takeKey(key: string, ref: string): Promise<boolean> {
    try {
      await deps.reviewKeys.create({ _id: key, ref, at: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * Runs one step of a decision's effects at most once per case: a re-run after a cut-off (the sweep, or the
   * next submit) skips every step whose marker was written, so entries, mails and notices are not repeated. Only
   * a cut-off between a step and its marker repeats that one step.
   */
  async function onceFor(ref: string, step: string, work: () => Promise<void>): Promise<void> {
    const key = effectStepKeyOf(ref, step);
    if (await deps.reviewKeys.exists({ _id: key })) return;
    await work();
    await takeKey(key, ref);
  }

  /** Releases a key only if it still names this case (no one else can have taken it while it existed). */
  async function releaseKey(key: string, ref: string): Promise<void> {
    const held = await deps.reviewKeys.findById(key).lean();
    if (held?.ref === ref) await deps.reviewKeys.deleteOne({ _id: key });
  }

  /** The case a pending key names, dropping the key when it is left over (its case decided, or never filed). */
  async function pendingCase(key: string): Promise<CaseRecord | null> {
    const held = await deps.reviewKeys.findById(key).lean();
    if (!held) return null;
    const found = await get(held.ref);
    if (found?.status === 'pending') return found;
    const orphan = !found && Date.now() - held.at.getTime() > ORPHAN_KEY_SECONDS * 1000;
    if ((found && found.decision?.effectsDoneAt) || orphan) await releaseKey(key, held.ref);
    return null;
  }

  async function takePendingKey(key: string, ref: string): Promise<boolean> {
    if (await takeKey(key, ref)) return true;
    // A key left behind by a finished case or a crashed filing is released above; then try once more.
    return (await pendingCase(key)) === null && takeKey(key, ref);
  }

  async function takeQuota(prefix: string, max: number, ref: string): Promise<string | null> {
    for (const key of quotaKeys(prefix, max)) {
      if (await takeKey(key, ref)) return key;
    }
    return null;
  }

  /** The lowest queue number that may still be pending: a hint kept in `queue-head:<kind>`, only ever too low. */
  async function queueHead(kind: CaseKind): Promise<number> {
    const head = await deps.reviewKeys.findById(queueHeadKeyOf(kind)).lean();
    return head?.n ?? 1;
  }

  /** Every entry below `n` is decided when this is called, and stays so: any value written is right. */
  async function moveQueueHead(kind: CaseKind, n: number): Promise<void> {
    await deps.reviewKeys.updateOne({ _id: queueHeadKeyOf(kind) }, { $set: { ref: '', at: new Date(), n } }, { upsert: true });
  }

  /**
   * Puts a filed case into its kind's queue (unless `queued` says its entry is there already) and its account's
   * list, and records its queue number last: a case with a queue number is whole, so the sweep finishes any filing
   * cut off before that, and `settling` (the sweep's re-run) skips a list entry the cut-off filing had written.
   */
  async function enqueue(record: CaseRecord, queued: number | null = null, settling = false): Promise<number> {
    const queueNumber = queued ?? await queueLog.append(queueStream(record.kind), { ref: record._id, submittedAt: record.submittedAt, snapshot: record.snapshot, done: false });
    if (record.accountId && !(settling && await listedOnAccount(record.accountId, record._id))) {
      await listLog.append(accountStream(record.accountId), { ref: record._id, kind: record.kind, at: record.submittedAt });
    }
    await deps.cases.updateOne({ _id: record._id }, { $set: { queueNumber } });
    return queueNumber;
  }

  /** Whether a case is on its account's list: among the newest entries, as a cut-off filing is settled seconds later. */
  async function listedOnAccount(accountId: string, ref: string): Promise<boolean> {
    const { entries } = await listLog.newest(accountStream(accountId), CASE_PAGE_SIZE);
    return entries.some((e) => e.body.ref === ref);
  }

  /**
   * The queue number of a case whose queue entry may have been written after its filing was cut off: the entries
   * filed since it, read back from the queue's top (a cut-off filing is settled seconds later, so they are few).
   */
  async function queuedAs(record: CaseRecord): Promise<number | null> {
    const stream = queueStream(record.kind);
    const filedAt = new Date(record.submittedAt).getTime();
    for (let top = await queueLog.top(stream); top > 0; top -= QUEUE_PAGE_SIZE) {
      const entries = await queueLog.read(stream, Array.from({ length: Math.min(QUEUE_PAGE_SIZE, top) }, (_, i) => top - i));
      const mine = entries.find((e) => e?.body.ref === record._id);
      if (mine) return mine.n;
      // Entries are numbered in filing order, give or take the few seconds of a filing.
      if (entries.every((e) => e && new Date(e.body.submittedAt).getTime() < filedAt - FILING_SETTLE_AFTER_MS)) return null;
    }
    return null;
  }

  return {
    newRef: () => randomBytes(12).toString('base64url'),

    /**
     * Files a case: the pending key, the quota, the photos, the case, then its queue and account entries. On any
     * failure what was written is taken back; a taken pending key becomes `pendingError`.
     */
    async file(ref: string, input: NewCase, photos: Photo[], pendingError: AppError): Promise<CaseRecord> {
      const marker = JSON.stringify({
        ref, roles: photos.map((p) => p.role), pendingKey: input.pendingKey,
        quota: input.quota ? { prefix: input.quota.prefix, max: input.quota.max } : null,
      } satisfies FilingMarker);
      await deps.redis.zAdd(FILINGS_KEY, { score: Date.now(), value: marker });
      const undo: (() => Promise<void>)[] = [];
      let landed = false;
      try {
        if (input.pendingKey) {
          if (!(await takePendingKey(input.pendingKey, ref))) throw pendingError;
          const key = input.pendingKey;
          undo.push(() => releaseKey(key, ref));
        }
        let quotaKey: string | null = null;
        if (input.quota) {
          quotaKey = await takeQuota(input.quota.prefix, input.quota.max, ref);
          if (!quotaKey) throw input.quota.error;
          const key = quotaKey;
          undo.push(() => releaseKey(key, ref));
        }
        await deps.photos.save(ref, photos);
        undo.push(() => deps.photos.remove(ref, photos.map((p) => p.role)));
        const submittedAt = new Date();
        const record: CaseRecord = {
          _id: ref, kind: input.kind, status: 'pending', accountId: input.accountId, pendingKey: input.pendingKey, quotaKey,
          submittedAt, queueNumber: null, details: input.details, photos: photos.map((p) => ({ role: p.role, bytes: p.data.length })),
          snapshot: input.snapshot, decision: null,
        };
        await deps.cases.create(record);
        // From here the case stands: should the rest fail, the marker stays and the sweep puts it in the queue.
        landed = true;
        undo.length = 0;
        const queueNumber = await enqueue(record);
        await deps.redis.zRem(FILINGS_KEY, marker);
        return { ...record, queueNumber };
      } catch (error) {
        // With the database out of reach, taking back would only hold the answer past its bound: the sweep does it.
        if (asUnavailable(error)) throw error;
        let undone = true;
        for (const step of undo.reverse()) await step().catch(() => { undone = false; });
        // Taken back in full: nothing for the sweep. Otherwise the marker stays for it.
        if (undone && !landed) await deps.redis.zRem(FILINGS_KEY, marker).catch(() => undefined);
        throw error;
      }
    },

    /**
     * Settles filings cut off for good (markers older than FILING_SETTLE_AFTER_MS): a case that exists is
     * finished (into the queue and the account's list, if it is not yet); of one that does not, the photos and
     * the pending and quota keys it took are removed. Idempotent; returns how many were settled.
     */
    async sweepCutOffFilings(now = Date.now()): Promise<number> {
      const markers = await deps.redis.zRangeByScore(FILINGS_KEY, 0, now - FILING_SETTLE_AFTER_MS, { LIMIT: { offset: 0, count: SWEEP_BATCH } });
      for (const raw of markers) {
        const marker = JSON.parse(raw) as FilingMarker;
        const found = await get(marker.ref);
        if (found) {
          if (found.queueNumber === null) await enqueue(found, await queuedAs(found), true);
        } else {
          await deps.photos.remove(marker.ref, marker.roles);
          const keys = [
            ...(marker.pendingKey ? [marker.pendingKey] : []),
            ...(marker.quota ? quotaKeys(marker.quota.prefix, marker.quota.max) : []),
          ];
          for (const key of keys) await releaseKey(key, marker.ref);
        }
        await deps.redis.zRem(FILINGS_KEY, raw);
      }
      return markers.length;
    },

    get,

    /** The pending case of a subject (two `_id` reads). */
    pendingCase,

    /** How many keys of a quota are taken (`max` parallel `_id` reads). */
    async quotaUsed(prefix: string, max: number): Promise<number> {
      const taken = await Promise.all(quotaKeys(prefix, max).map((key) => deps.reviewKeys.exists({ _id: key })));
      return taken.filter(Boolean).length;
    },

    /** The newest cases of an account (its stream, then each case by `_id`). */
    async ofAccount(accountId: string, limit = 20): Promise<CaseRecord[]> {
      const { entries } = await listLog.newest(accountStream(accountId), limit);
      const found = await Promise.all(entries.map((e) => get(e.body.ref)));
      return found.filter((c): c is CaseRecord => c !== null);
    },

    /**
     * A queue page, oldest first (a kind's deadline follows its filing order): from the head, or after entry
     * `after`, point reads of the entries, skipping decided ones, until the page is full or the queue ends.
     * Decided entries stay decided for good, so a run of them can be jumped for good: the first entry of a run
     * gets `skipTo` (the entry after the run), and the head moves past the runs at the front. Both are hints
     * whose every value is right, so readers that race (FerretDB has no atomic update) can only leave them low.
     */
    async queuePage(kind: CaseKind, after?: number, size = QUEUE_PAGE_SIZE): Promise<{ rows: QueueRow[]; next: number | null }> {
      const stream = queueStream(kind);
      const [top, head] = await Promise.all([queueLog.top(stream), after === undefined ? queueHead(kind) : Promise.resolve(after + 1)]);
      const rows: QueueRow[] = [];
      const skipLinks: [number, number][] = [];
      let cursor = head;
      let runStart: number | null = null;
      let firstPending: number | null = null;
      while (rows.length < size && cursor <= top) {
        const numbers = Array.from({ length: Math.min(size - rows.length + QUEUE_READ_MARGIN, top - cursor + 1) }, (_, i) => cursor + i);
        const entries = await queueLog.read(stream, numbers);
        let jumpTo = cursor + numbers.length;
        for (const entry of entries) {
          if (!entry || entry.n < cursor) continue;
          if (entry.body.done) {
            runStart ??= entry.n;
            if (entry.body.skipTo && entry.body.skipTo > entry.n + 1) {
              cursor = entry.body.skipTo;
              jumpTo = Math.max(jumpTo, cursor);
            }
            continue;
          }
          if (runStart !== null && entry.n - runStart >= SKIP_LINK_MIN) skipLinks.push([runStart, entry.n]);
          runStart = null;
          firstPending ??= entry.n;
          if (rows.length < size) rows.push({ ...entry.body, n: entry.n });
        }
        cursor = Math.max(cursor, jumpTo);
      }
      if (runStart !== null && rows.length < size && cursor > top && top + 1 - runStart >= SKIP_LINK_MIN) skipLinks.push([runStart, top + 1]);
      await Promise.all(skipLinks.map(([from, to]) => queueLog.mark(stream, from, { skipTo: to })));
      if (after === undefined && (firstPending ?? cursor) > head) await moveQueueHead(kind, firstPending ?? cursor);
      const last = rows.at(-1);
      return { rows, next: rows.length === size && last && last.n < top ? last.n : null };
    },

    /** Pending cases of a kind: filed minus decided (the tops of two streams). */
    async pendingCount(kind: CaseKind): Promise<number> {
      const [filed, decided] = await Promise.all([queueLog.top(queueStream(kind)), listLog.top(decidedStream(kind))]);
      return Math.max(0, filed - decided);
    },

    /** Decided cases of a kind, newest first. */
    async decidedPage(kind: CaseKind, before?: number, size = CASE_PAGE_SIZE) {
      const { entries } = await listLog.newest(decidedStream(kind), size, before);
      const last = entries.at(-1);
      return { rows: entries.map((e) => ({ ...e.body, n: e.n })), next: last && last.n > 1 ? last.n : null };
    },

    /** Closes a pending case for good: true for the one caller whose decision key insert wins. */
    async close(ref: string, decision: Decision): Promise<boolean> {
      try {
        await deps.reviewKeys.create({ _id: decisionKeyOf(ref), ref, at: decision.at, decision });
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
      await deps.cases.updateOne({ _id: ref }, { $set: { status: decision.outcome, decision } });
      return true;
    },

    /** The recorded decision of a case, if closed. */
    async decisionOf(ref: string): Promise<Decision | null> {
      return (await deps.reviewKeys.findById(decisionKeyOf(ref)).lean())?.decision ?? null;
    },

    onceFor,

    /**
     * After a decision's effects: out of the queue, its pending key free, on the decided list, the case decided.
     * Each step idempotent.
     */
    async finish(item: CaseRecord, decision: Decision): Promise<void> {
      if (item.queueNumber) {
        await queueLog.mark(queueStream(item.kind), item.queueNumber, { done: true });
        // Deciding the oldest item (the usual order) moves the head at once.
        if ((await queueHead(item.kind)) === item.queueNumber) await moveQueueHead(item.kind, item.queueNumber + 1);
      }
      if (item.pendingKey) await releaseKey(item.pendingKey, item._id);
      await onceFor(item._id, 'decided-list', async () => {
        await listLog.append(decidedStream(item.kind), {
          ref: item._id, kind: item.kind, at: decision.at, outcome: decision.outcome, staffName: decision.staffName, snapshot: item.snapshot,
        });
      });
      const done = { ...decision, effectsDoneAt: new Date() };
      // The status again: a close cut off between its key and its status left the case pending.
      await deps.cases.updateOne({ _id: item._id }, { $set: { status: decision.outcome, decision: done } });
    },
  };
}

export type CaseStore = ReturnType<typeof createCaseStore>;
