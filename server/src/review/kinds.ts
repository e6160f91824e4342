/**
 * The kinds of request the review desk decides. Each capability registers its own (verification: 人工审核,
 * contact-change: 修改联系方式, support: 咨询求助) with what the desk needs; the desk has no switch over kinds.
 */
import { lookupBy } from '../registry';
import type { CaseKind, CaseRecord, Decision } from '../stores/review-cases';
import { deadlineOf, type WorkingDayCalendar } from '../working-days/calendar';

export type ReviewKind = {
  kind: CaseKind;
  /** The queue's name, as staff read it. */
  label: string;
  /** The deadline, in working days after the day of submission. */
  workingDays: number;
  /** The effects of a decision. Run once, after the case is closed; each must be safe to run again after a crash. */
  approve(item: CaseRecord, decision: Decision): Promise<void>;
  reject(item: CaseRecord, decision: Decision): Promise<void>;
};

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
