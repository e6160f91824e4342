/**
 * The review desk: queues (oldest deadline first, paged), opening an item (which reserves it for the reviewer
 * for a while, in Redis: a reservation that may expire), deciding it, and the support desk's corrections.
 *
 * A decision closes the case first — one unique-key insert, so of two submits (a double click, two tabs, two
 * reviewers) exactly one wins — and only the winner runs the kind's effects, then takes the case out of the
 * queue. The effects run under a lock in Redis, taken before the case is closed, so they never run twice at
 * once. A decision whose effects never finished (its write landed after the desk timed out, as a paused FerretDB
 * does, or the process died) is finished, as recorded, by the sweep (every SWEEP_EVERY_MS, and at start) or
 * by the next attempt to decide it. Every staff action goes into the audit log.
 */
import { randomBytes } from 'node:crypto';
import { maskIdNumber } from '../../../shared/src/id-documents';
import { GENDER_LABELS, type Gender } from '../../../shared/src/reference-data';
import { ID_NUMBER_FIELD } from '../accounts/lookup';
import type { AuditLog } from '../audit/log';
import { AppError } from '../http/errors';
import type { AccountModel, AccountRecord } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import type { Logger } from '../log';
import type { Redis } from '../stores/redis';
import type { CaseKind, CaseRecord, Decision, Outcome } from '../stores/review-cases';
import type { PhotoStore } from '../uploads/photo-store';
import { deadlineOf, type WorkingDayCalendar } from '../working-days/calendar';
import type { CaseStore } from './cases';
import type { AccountCorrection, KindRegistry } from './kinds';
import type { FlowHooks } from '../hooks';
import type { ContactsChanged, StaffDecision } from './decision';
import { CLAIM_SECONDS } from './rules';

/** Decisions under way: a sorted set of case refs, scored by when their decision began (ms). */
const OPEN_DECISIONS_KEY = 'review-decisions-open';
/** Held while a decision's effects run: longer than they can take (each of their steps is bounded). */
const EFFECTS_LOCK_MS = 30_000;
const effectsLockKey = (ref: string) => `review-effects:${ref}`;
/** An open decision is looked at by the sweep from this age: its own request has been answered by then. */
const OPEN_DECISION_SWEEP_AFTER_MS = 5_000;
/** An open decision with no recorded decision this long after it began never reached the database. */
const OPEN_DECISION_GIVE_UP_MS = 10 * 60_000;
/** How often each instance sweeps cut-off decisions and filings. */
export const SWEEP_EVERY_MS = 5_000;
const SWEEP_BATCH = 50;

export type DeskDeps = {
  store: CaseStore;
  kinds: KindRegistry;
  accounts: AccountModel;
  pii: Pii;
  redis: Redis;
  photos: PhotoStore;
  audit: AuditLog;
  calendar: WorkingDayCalendar;
  /** Among an approval's effects, when it changed the account's phone or mail (sessions end, old contacts are told). */
  contactsChanged: FlowHooks<ContactsChanged>;
  /** After a decision on an applicant's account is carried out (notices). */
  afterDecision: FlowHooks<StaffDecision>;
};

export class DeskConflict extends AppError {
  constructor(message: string) {
    super('REQUEST_PENDING', message);
  }
}

/** Who decides: a staff member of the staff site, as the desk knows them. */
export type Reviewer = { id: string; name: string };

const actor = (staff: Reviewer) => ({ type: 'staff' as const, id: staff.id, name: staff.name });
const claimKey = (ref: string) => `review-claim:${ref}`;

type StoredAccount = AccountRecord & { _id: unknown };

export function createDesk(deps: DeskDeps) {
  const { store, kinds } = deps;

  /** Reserves an item for the reviewer: the name of whoever else holds it, or null when it is this reviewer's. */
  async function claim(ref: string, staff: Reviewer): Promise<string | null> {
    const mine = `${staff.id}\n${staff.name}`;
    const take = () => deps.redis.set(claimKey(ref), mine, { expiration: { type: 'EX', value: CLAIM_SECONDS }, condition: 'NX' });
    if (await take()) return null;
    const held = await deps.redis.get(claimKey(ref));
    if (held === null) return (await take()) ? null : '其他工作人员';
    if (held.split('\n')[0] === staff.id) {
      await deps.redis.expire(claimKey(ref), CLAIM_SECONDS);
      return null;
    }
    return held.split('\n')[1] ?? '其他工作人员';
  }

  async function mustFind(ref: string): Promise<CaseRecord> {
    const found = ref ? await store.get(ref) : null;
    if (!found) throw new AppError('NOT_FOUND', '该事项不存在');
    return found;
  }

  const findAccount = async (item: CaseRecord): Promise<StoredAccount | null> =>
    item.accountId ? deps.accounts.findById(item.accountId).lean<StoredAccount>().exec() : null;

  function identityOf(item: CaseRecord, account: StoredAccount | null): string | null {
    const named = kinds.of(item.kind).namedIdCipher?.(item);
    if (named !== undefined) return deps.pii.decrypt(ID_NUMBER_FIELD, named);
    return account ? deps.pii.decrypt(ID_NUMBER_FIELD, account.idCipher) : null;
  }

  const deadline = (item: { kind: CaseKind; submittedAt: Date }, now = new Date()) =>
    deadlineOf(deps.calendar, new Date(item.submittedAt), kinds.of(item.kind).workingDays, now);

  /** Effects, then out of the queue, the audit entry and the applicant's notice. */
  async function carryOut(item: CaseRecord, decision: Decision, staff: Reviewer): Promise<void> {
    const kind = kinds.of(item.kind);
    const { accountId } = item;
    await store.onceFor(item._id, 'kind', async () => {
      if (decision.outcome === 'rejected') return kind.reject(item, decision);
      const effects = await kind.approve(item, decision);
      // In the approval's own step: a cut-off before its marker repeats both.
      if (effects?.contactsChanged) await deps.contactsChanged.run(effects.contactsChanged);
    });
    await store.finish(item, decision);
    await deps.redis.del(claimKey(item._id));
    await store.onceFor(item._id, 'audit', () => deps.audit.record({
      actor: actor(staff), action: `case.${decision.outcome}`, accountId, caseRef: item._id,
      summary: `${staff.name}${decision.outcome === 'approved' ? '审核通过' : '审核不通过'}${kind.label}申请${decision.reason ? `，不通过原因：${decision.reason}` : ''}`,
      detail: { kind: item.kind, outcome: decision.outcome, reason: decision.reason, reply: decision.reply },
    }));
    if (accountId) {
      await store.onceFor(item._id, 'hooks', () => deps.afterDecision.run({
        accountId, kind: item.kind, outcome: decision.outcome, reason: decision.reason, decidedAt: decision.at,
      }));
    }
  }

  /** Runs `work` holding the case's effects lock; null (nothing run) when someone else holds it. */
  async function underEffectsLock<T>(ref: string, work: () => Promise<T>): Promise<T | null> {
    const owner = randomBytes(9).toString('base64url');
    if (!(await deps.redis.set(effectsLockKey(ref), owner, { expiration: { type: 'PX', value: EFFECTS_LOCK_MS }, condition: 'NX' }))) return null;
    try {
      return await work();
    } finally {
      await deps.redis.reviewEffectsUnlock([effectsLockKey(ref)], [owner]).catch(() => undefined);
    }
  }

  /**
   * Finishes a recorded decision whose effects are not done, as recorded and in the name of the staff member who
   * made it; false when there is none to finish or its effects are running elsewhere.
   */
  async function resumeCutOff(item: CaseRecord): Promise<boolean> {
    const outcome = await underEffectsLock(item._id, async () => {
      const recorded = await store.decisionOf(item._id);
      if (!recorded) return 'not recorded' as const;
      const current = (await store.get(item._id)) ?? item;
      if (recorded.effectsDoneAt || current.decision?.effectsDoneAt) return 'done before' as const;
      const staff: Reviewer = { id: recorded.staffId, name: recorded.staffName };
      await carryOut({ ...current, status: recorded.outcome, decision: recorded }, recorded, staff);
      return 'finished' as const;
    });
    if (outcome === 'finished' || outcome === 'done before') await deps.redis.zRem(OPEN_DECISIONS_KEY, item._id);
    return outcome === 'finished';
  }

  /** Finishes the open decisions old enough to have been cut off; forgets those that never reached the database. */
  async function finishCutOffDecisions(now = Date.now()): Promise<number> {
    const open = await deps.redis.zRangeByScoreWithScores(OPEN_DECISIONS_KEY, 0, now - OPEN_DECISION_SWEEP_AFTER_MS, { LIMIT: { offset: 0, count: SWEEP_BATCH } });
    let finished = 0;
    for (const { value: ref, score: began } of open) {
      const item = await store.get(ref);
      if (!item) {
        await deps.redis.zRem(OPEN_DECISIONS_KEY, ref);
        continue;
      }
      if (await resumeCutOff(item)) finished++;
      else if (!(await store.decisionOf(ref)) && now - began > OPEN_DECISION_GIVE_UP_MS) await deps.redis.zRem(OPEN_DECISIONS_KEY, ref);
    }
    return finished;
  }

  /** One sweep: cut-off decisions finished, cut-off filings settled. Each instance may run it; both are idempotent. */
  async function sweep(): Promise<void> {
    await finishCutOffDecisions();
    await store.sweepCutOffFilings();
  }

  return {
    kinds,

    /** A page of pending items of a kind, oldest first, with masked ID numbers, deadlines and who holds them. */
    async queue(kind: CaseKind, after?: number, now = new Date()) {
      const { rows, next } = await store.queuePage(kind, after);
      // One GET a claim, sent together in one write: in a Redis Cluster the claims live in different slots.
      const held = await Promise.all(rows.map((r) => deps.redis.get(claimKey(r.ref))));
      return {
        next,
        items: rows.map((row, i) => ({
          n: row.n,
          ref: row.ref,
          submittedAt: new Date(row.submittedAt),
          name: row.snapshot.name,
          idType: row.snapshot.idType,
          idNumber: row.snapshot.maskedIdNumber,
          summary: row.snapshot.summary,
          deadline: deadline({ kind, submittedAt: row.submittedAt }, now),
          heldBy: held[i]?.split('\n')[1] ?? null,
        })),
      };
    },

    /** Decided items of a kind, newest first. */
    decided: (kind: CaseKind, before?: number) => store.decidedPage(kind, before),

    async counts(): Promise<Record<CaseKind, number>> {
      const counted = await Promise.all(kinds.all.map(async (k) => [k.kind, await store.pendingCount(k.kind)] as const));
      return Object.fromEntries(counted) as Record<CaseKind, number>;
    },

    /**
     * Opens an item: reserves it when pending and free, and returns it with the account beside it and the full
     * ID number (the only page that shows it). The opening is audited.
     */
    async open(ref: string, staff: Reviewer) {
      const item = await mustFind(ref);
      const heldBy = item.status === 'pending' ? await claim(ref, staff) : null;
      const account = await findAccount(item);
      await deps.audit.record({
        actor: actor(staff), action: 'case.opened', accountId: item.accountId, caseRef: item._id,
        summary: `${staff.name}查看了${kinds.of(item.kind).label}申请`,
      });
      const [ofCase, ofAccount, earlier] = await Promise.all([
        deps.audit.ofCase(item._id),
        item.accountId ? deps.audit.ofAccount(item.accountId) : null,
        item.accountId ? store.ofAccount(item.accountId) : [],
      ]);
      const seen = new Set(ofCase.entries.map((e) => `${e.at.valueOf()}|${e.action}|${e.summary}`));
      return {
        item,
        account,
        labels: kinds.labels,
        idNumber: identityOf(item, account),
        // Only a request that names its own number can name one no account holds.
        accountIdNumberMatches: kinds.of(item.kind).namedIdCipher ? account !== null : null,
        heldByMe: item.status === 'pending' && heldBy === null,
        heldBy,
        deadline: deadline(item),
        earlierItems: earlier.filter((c) => c._id !== item._id),
        history: [...ofCase.entries, ...(ofAccount?.entries ?? []).filter((e) => !seen.has(`${e.at.valueOf()}|${e.action}|${e.summary}`))]
          .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime()),
      };
    },

    /** A photo of an item, for staff only; each viewing is audited. */
    async photo(ref: string, role: string, staff: Reviewer): Promise<Buffer> {
      const item = await mustFind(ref);
      const data = item.photos.some((p) => p.role === role) ? await deps.photos.load(ref, role) : null;
      if (!data) throw new AppError('NOT_FOUND', '照片不存在');
      await deps.audit.record({
        actor: actor(staff), action: 'case.photo-viewed', accountId: item.accountId, caseRef: ref,
        summary: `${staff.name}查看了申请照片（${role}）`, detail: { role },
      });
      return data;
    },

    /**
     * Approves or rejects (with a reason the applicant sees). The case is closed first; only the submit that
     * closed it runs the effects, so a double submit or a second tab changes nothing twice.
     */
    async decide(ref: string, staff: Reviewer, input: { outcome: Outcome; reason: string | null; reply: string | null }) {
      if (input.outcome === 'rejected' && !input.reason) throw new AppError('VALIDATION_FAILED', '请填写不通过原因');
      const item = await mustFind(ref);
      if (item.status !== 'pending' || item.decision) {
        if (await resumeCutOff(item)) return;
        throw new DeskConflict('该事项已处理完毕');
      }
      const heldBy = await claim(ref, staff);
      if (heldBy !== null) throw new DeskConflict(`该事项正由${heldBy}处理，请勿重复处理`);
      const decision: Decision = {
        outcome: input.outcome, staffId: staff.id, staffName: staff.name, at: new Date(),
        reason: input.outcome === 'rejected' ? input.reason : null, reply: input.reply, effectsDoneAt: null,
      };
      // Marked open first: should the close or the effects be cut off, the sweep finishes what was recorded.
      await deps.redis.zAdd(OPEN_DECISIONS_KEY, { score: decision.at.getTime(), value: ref });
      const decided = await underEffectsLock(ref, async () => {
        if (!(await store.close(ref, decision))) return false;
        await carryOut({ ...item, status: decision.outcome, decision }, decision, staff);
        return true;
      });
      if (decided) {
        await deps.redis.zRem(OPEN_DECISIONS_KEY, ref);
        return;
      }
      if (await resumeCutOff(item)) return;
      throw new DeskConflict('该事项已被其他工作人员处理');
    },

    sweep,

    /** Sweeps now and then every SWEEP_EVERY_MS (a failed sweep is tried again at the next); returns the stop. */
    sweepEvery(log: Logger, everyMs = SWEEP_EVERY_MS): () => void {
      let running: Promise<void> | null = null;
      const run = () => {
        running ??= sweep().catch((error: unknown) => {
          log.warn({ err: error instanceof Error ? error.message : String(error) }, 'review sweep failed; next time again');
        }).finally(() => { running = null; });
      };
      run();
      const timer = setInterval(run, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    /** Support desk: correct the account's name or gender, while holding the request. */
    async correct(ref: string, staff: Reviewer, change: AccountCorrection) {
      const item = await mustFind(ref);
      if (item.status !== 'pending') throw new DeskConflict('该事项已处理完毕');
      const heldBy = await claim(ref, staff);
      if (heldBy !== null) throw new DeskConflict(`该事项正由${heldBy}处理，请勿重复处理`);
      const { correctAccount } = kinds.of(item.kind);
      if (!correctAccount) throw new AppError('VALIDATION_FAILED', '只有咨询求助申请可以更正账号信息');
      const changes = await correctAccount(item, change);
      for (const c of changes) {
        await deps.audit.record({
          actor: actor(staff), action: `account.${c.field}-corrected`, accountId: item.accountId, caseRef: ref,
          summary: c.field === 'name'
            ? `${staff.name}将账号姓名由“${c.from}”更正为“${c.to}”，申请人需重新进行实名认证`
            : `${staff.name}将账号性别由“${c.from ? GENDER_LABELS[c.from as Gender] : '空'}”更正为“${GENDER_LABELS[c.to as Gender]}”`,
          detail: { field: c.field, from: c.from, to: c.to },
        });
      }
      return changes;
    },
  };
}

export type Desk = ReturnType<typeof createDesk>;

/** The masked document number a queue row shows. */
export const maskedForQueue = (idNumber: string | null) => (idNumber ? maskIdNumber(idNumber) : '');
