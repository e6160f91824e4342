/**
 * The review desk: queues (oldest first, with the working-day deadline), opening an item (which reserves it for
 * the reviewer), deciding it, and the support desk's corrections. Deciding holds the reservation, so two reviewers
 * cannot decide the same item: the effects run while it is held, and the item is closed only by its holder.
 * Every staff action and every decision the applicant sees goes into the audit log.
 */
import { maskIdNumber } from '../../../shared/src/id-documents';
import { GENDER_LABELS } from '../../../shared/src/reference-data';
import { ID_NUMBER_FIELD } from '../accounts/lookup';
import type { ContactChangeService } from '../contact-change/service';
import { CONTACT_CHANGE_WORKING_DAYS } from '../contact-change/rules';
import { AppError } from '../http/errors';
import type { AccountModel } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import { doneKeyOf, type CaseDocument, type CaseKind, type CaseModel } from '../stores/review-cases';
import type { SupportDetails, SupportService, Gender } from '../support/service';
import { SUPPORT_WORKING_DAYS } from '../support/rules';
import type { PhotoStore } from '../uploads/photo-store';
import type { VerificationService } from '../verification/service';
import { MANUAL_REVIEW_WORKING_DAYS } from '../verification/rules';
import { deadlineOf, type WorkingDayCalendar } from '../working-days/calendar';
import type { AuditLog } from './audit';
import type { ApplicantNotifier } from './notify';
import { CLAIM_SECONDS } from './rules';
import type { StaffActor } from './staff';

export const WORKING_DAYS: Record<CaseKind, number> = {
  'manual-review': MANUAL_REVIEW_WORKING_DAYS,
  'contact-change': CONTACT_CHANGE_WORKING_DAYS,
  'support-request': SUPPORT_WORKING_DAYS,
};

export const KIND_LABELS: Record<CaseKind, string> = {
  'manual-review': '人工审核',
  'contact-change': '修改联系方式',
  'support-request': '咨询求助',
};

export type DeskDeps = {
  cases: CaseModel;
  accounts: AccountModel;
  pii: Pii;
  photos: PhotoStore;
  audit: AuditLog;
  calendar: WorkingDayCalendar;
  verification: VerificationService;
  contactChanges: ContactChangeService;
  support: SupportService;
  notifyApplicant: ApplicantNotifier;
};

export class DeskConflict extends AppError {
  constructor(message: string) {
    super('REQUEST_PENDING', message);
  }
}

const actor = (staff: StaffActor) => ({ type: 'staff' as const, id: staff.id, name: staff.name });

export function createDesk(deps: DeskDeps) {
  const claimFree = (staff: StaffActor, now: Date) => ({
    $or: [{ claim: null }, { 'claim.until': { $lt: now } }, { 'claim.staffId': staff.id }],
  });

  /** Reserves a pending item for the reviewer; null when another reviewer holds it. */
  async function claim(ref: string, staff: StaffActor): Promise<CaseDocument | null> {
    const now = new Date();
    return deps.cases.findOneAndUpdate(
      { ref, status: 'pending', ...claimFree(staff, now) },
      { $set: { claim: { staffId: staff.id, staffName: staff.name, until: new Date(now.getTime() + CLAIM_SECONDS * 1000) } } },
      { new: true },
    );
  }

  async function mustFind(ref: string): Promise<CaseDocument> {
    const found = await deps.cases.findOne({ ref });
    if (!found) throw new AppError('NOT_FOUND', '该事项不存在');
    return found;
  }

  /** The item, reserved for this reviewer, or a conflict naming who holds it. */
  async function hold(ref: string, staff: StaffActor): Promise<CaseDocument> {
    const held = await claim(ref, staff);
    if (held) return held;
    const found = await mustFind(ref);
    if (found.status !== 'pending') throw new DeskConflict('该事项已处理完毕');
    throw new DeskConflict(`该事项正由${found.claim?.staffName ?? '其他工作人员'}处理，请勿重复处理`);
  }

  function identityOf(item: { kind: CaseKind; details: Record<string, unknown> }, account: { idCipher: string } | null): string | null {
    if (item.kind === 'support-request') return deps.pii.decrypt(ID_NUMBER_FIELD, (item.details as SupportDetails).idCipher);
    return account ? deps.pii.decrypt(ID_NUMBER_FIELD, account.idCipher) : null;
  }

  return {
    /** Pending items of a kind, oldest first, with masked ID numbers and their deadlines. */
    async queue(kind: CaseKind, now = new Date()) {
      const items = await deps.cases.find({ kind, status: 'pending' }).sort({ submittedAt: 1, _id: 1 }).limit(500).lean();
      const accounts = await deps.accounts.find(
        { _id: { $in: items.map((i) => i.accountId).filter((id): id is string => id !== null) } },
        { name: 1, idType: 1, idCipher: 1 },
      ).lean();
      const byId = new Map(accounts.map((a) => [a._id.toString(), a]));
      return items.map((item) => {
        const account = item.accountId ? byId.get(item.accountId.toString()) ?? null : null;
        const idNumber = identityOf(item, account);
        const support = item.kind === 'support-request' ? (item.details as SupportDetails) : null;
        return {
          ref: item.ref,
          submittedAt: item.submittedAt,
          name: support?.name ?? account?.name ?? '',
          idType: support?.idType ?? account?.idType ?? null,
          idNumber: idNumber ? maskIdNumber(idNumber) : '',
          deadline: deadlineOf(deps.calendar, item.submittedAt, WORKING_DAYS[item.kind], now),
          heldBy: item.claim && item.claim.until > now ? item.claim.staffName : null,
          details: item.details,
        };
      });
    },

    async counts(): Promise<Record<CaseKind, number>> {
      const [manual, contact, support] = await Promise.all(
        (['manual-review', 'contact-change', 'support-request'] as const).map((kind) => deps.cases.countDocuments({ kind, status: 'pending' })),
      );
      return { 'manual-review': manual ?? 0, 'contact-change': contact ?? 0, 'support-request': support ?? 0 };
    },

    /**
     * Opens an item: reserves it when pending and free, and returns it with the account beside it and the full
     * ID number (the only page that shows it). The opening is audited.
     */
    async open(ref: string, staff: StaffActor) {
      const item = (await claim(ref, staff)) ?? (await mustFind(ref));
      const account = item.accountId ? await deps.accounts.findById(item.accountId) : null;
      await deps.audit.record({
        actor: actor(staff), action: 'case.opened', accountId: item.accountId, caseRef: item.ref,
        summary: `${staff.name}查看了${KIND_LABELS[item.kind]}申请`,
      });
      const history = item.accountId
        ? await deps.cases.find({ accountId: item.accountId, ref: { $ne: item.ref } }).sort({ submittedAt: -1 }).limit(20).lean()
        : [];
      const [entries, accountEntries] = await Promise.all([
        deps.audit.search({ caseRef: item.ref }),
        item.accountId ? deps.audit.search({ accountId: item.accountId.toString() }, 50) : Promise.resolve([]),
      ]);
      const seen = new Set(entries.map((e) => e._id.toString()));
      return {
        item,
        account,
        idNumber: identityOf(item, account),
        accountIdNumberMatches: item.kind === 'support-request' ? account !== null : null,
        heldByMe: item.status === 'pending' && item.claim?.staffId === staff.id && item.claim.until > new Date(),
        deadline: deadlineOf(deps.calendar, item.submittedAt, WORKING_DAYS[item.kind]),
        earlierItems: history,
        history: [...entries, ...accountEntries.filter((e) => !seen.has(e._id.toString()))]
          .sort((a, b) => b.at.getTime() - a.at.getTime()),
      };
    },

    /** A photo of an item, for staff only; each viewing is audited. */
    async photo(ref: string, role: string, staff: StaffActor): Promise<Buffer> {
      const item = await mustFind(ref);
      const data = item.photos.some((p) => p.role === role) ? await deps.photos.load(item._id, role) : null;
      if (!data) throw new AppError('NOT_FOUND', '照片不存在');
      await deps.audit.record({
        actor: actor(staff), action: 'case.photo-viewed', accountId: item.accountId, caseRef: ref,
        summary: `${staff.name}查看了申请照片（${role}）`, detail: { role },
      });
      return data;
    },

    /**
     * Approves or rejects (with a reason the applicant sees). The effects run while the item is held by this
     * reviewer; then the item is closed, the decision audited and the applicant notified.
     */
    async decide(ref: string, staff: StaffActor, input: { outcome: 'approved' | 'rejected'; reason: string | null; reply: string | null }) {
      if (input.outcome === 'rejected' && !input.reason) throw new AppError('VALIDATION_FAILED', '请填写不通过原因');
      const item = await hold(ref, staff);
      const reason = input.outcome === 'rejected' ? input.reason : null;
      switch (item.kind) {
        case 'manual-review':
          if (input.outcome === 'approved') await deps.verification.approveReview(item);
          else await deps.verification.rejectReview(item, reason ?? '');
          break;
        case 'contact-change':
          if (input.outcome === 'approved') await deps.contactChanges.approve(item);
          else await deps.contactChanges.reject(item, reason ?? '');
          break;
        case 'support-request':
          await deps.support.answer(item, input.outcome, input.reply ?? '', reason);
          break;
      }
      const decidedAt = new Date();
      const closed = await deps.cases.updateOne(
        { _id: item._id, status: 'pending', 'claim.staffId': staff.id },
        {
          $set: {
            status: input.outcome, pendingKey: doneKeyOf(item.ref), claim: null,
            decision: { staffId: staff.id, staffName: staff.name, at: decidedAt, reason, reply: input.reply },
          },
        },
      );
      if (closed.modifiedCount === 0) throw new DeskConflict('该事项已被其他工作人员处理');
      await deps.audit.record({
        actor: actor(staff), action: `case.${input.outcome}`, accountId: item.accountId, caseRef: item.ref,
        summary: `${staff.name}${input.outcome === 'approved' ? '审核通过' : '审核不通过'}${KIND_LABELS[item.kind]}申请${reason ? `，不通过原因：${reason}` : ''}`,
        detail: { kind: item.kind, outcome: input.outcome, reason, reply: input.reply },
      });
      if (item.accountId) {
        await deps.notifyApplicant({ accountId: item.accountId.toString(), kind: item.kind, outcome: input.outcome, reason, decidedAt });
      }
    },

    /** Support desk: correct the account's name or gender, while holding the request. */
    async correct(ref: string, staff: StaffActor, change: { name?: string; gender?: Gender }) {
      const item = await hold(ref, staff);
      if (item.kind !== 'support-request') throw new AppError('VALIDATION_FAILED', '只有咨询求助申请可以更正账号信息');
      const changes = await deps.support.correct(item, change);
      for (const c of changes) {
        await deps.audit.record({
          actor: actor(staff), action: `account.${c.field}-corrected`, accountId: item.accountId, caseRef: ref,
          summary: c.field === 'name'
            ? `${staff.name}将账号姓名由“${c.from}”更正为“${c.to}”`
            : `${staff.name}将账号性别由“${c.from ? GENDER_LABELS[c.from as Gender] : '空'}”更正为“${GENDER_LABELS[c.to as Gender]}”`,
          detail: { field: c.field, from: c.from, to: c.to },
        });
      }
      return changes;
    },
  };
}

export type Desk = ReturnType<typeof createDesk>;
