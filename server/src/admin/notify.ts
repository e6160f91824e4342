/**
 * The one place staff decisions reach an applicant beyond mail and SMS: the WeChat service account's template
 * messages to bound applicants. The WeChat capability provides the implementation; until it is wired in
 * (createServices in app.ts, `notifyApplicant`), nothing is sent this way.
 */
import type { CaseKind } from '../stores/review-cases';

export type ApplicantNotice = {
  accountId: string;
  kind: CaseKind;
  outcome: 'approved' | 'rejected';
  reason: string | null;
  decidedAt: Date;
};

export type ApplicantNotifier = (notice: ApplicantNotice) => Promise<void>;

export const noApplicantNotifier: ApplicantNotifier = async () => undefined;
