/**
 * The kinds of request the review desk decides. Each capability registers its own (verification: 人工审核,
 * contact-change: 修改联系方式, support: 咨询求助) with what the desk needs; the desk has no switch over kinds.
 */
import type { Gender } from '../../../shared/src/reference-data';
import { lookupBy } from '../registry';
import type { CaseKind, CaseRecord, Decision } from '../stores/review-cases';
import type { ContactsChanged } from './decision';
import { deadlineOf, type WorkingDayCalendar } from '../working-days/calendar';

export type ReviewKind = {
  kind: CaseKind;
  /** The queue's name, as staff read it. */
  label: string;
  /** The deadline, in working days after the day of submission. */
  workingDays: number;
  /**
   * The effects of a decision. Run once, after the case is closed; each must be safe to run again after a crash.
   * An approval that changed the account's phone or mail says so, and the desk's `contactsChanged` hooks follow.
   */
  approve(item: CaseRecord, decision: Decision): Promise<{ contactsChanged?: ContactsChanged } | void>;
  reject(item: CaseRecord, decision: Decision): Promise<void>;
  /**
   * For a request filed about a document rather than from an account (咨询求助): the encrypted number it names.
   * The desk shows that number, and whether an account holds it, in place of the account's.
   */
  namedIdCipher?(item: CaseRecord): string;
  /** For kinds whose staff may correct the account while holding the request: the correction; what changed, for the audit log. */
  correctAccount?(item: CaseRecord, change: AccountCorrection): Promise<AccountChange[]>;
};

/** A staff correction of the account's name or gender. */
export type AccountCorrection = { name?: string; gender?: Gender };
export type AccountChange = { field: 'name' | 'gender'; from: string | null; to: string };

export type KindRegistry = { all: ReviewKind[]; of(kind: CaseKind): ReviewKind; labels: Record<CaseKind, string> };

export function kindRegistry(kinds: ReviewKind[]): KindRegistry {
  return {
    all: kinds,
    of: lookupBy(kinds, (k) => k.kind, 'review kind'),
    labels: Object.fromEntries(kinds.map((k) => [k.kind, k.label])) as Record<CaseKind, string>,
  };
}

/** What an applicant is shown of a request they filed: its status, the refusal's reason, when it is due and decided. */
export function applicantCaseStatus(found: CaseRecord, calendar: WorkingDayCalendar, workingDays: number) {
  return {
    id: found._id,
    status: found.status,
    reason: found.status === 'rejected' ? found.decision?.reason ?? null : null,
    submittedAt: found.submittedAt,
    dueBy: deadlineOf(calendar, found.submittedAt, workingDays).due,
    decidedAt: found.decision?.at ?? null,
  };
}
