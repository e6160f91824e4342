/**
 * What the desk reports after a staff decision has been carried out: the `decided` hooks of the desk receive it
 * (the WeChat template message to a bound applicant is one, registered by the composition root).
 */
import type { CaseKind } from '../stores/review-cases';

export type StaffDecision = {
  accountId: string;
  kind: CaseKind;
  outcome: 'approved' | 'rejected';
  reason: string | null;
  decidedAt: Date;
};
