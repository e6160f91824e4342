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

/** A contact of the account that a staff approval changed: its channel, the old value (if any) and the new. */
export type ContactChange = { channel: 'email' | 'sms'; from: string | null; to: string };

/**
 * What the desk's `contactsChanged` hooks receive when an approval changed the account's phone or mail (修改联系方式,
 * 咨询求助 申请修改手机（邮箱）信息). They run among the decision's effects, before the case is finished, so a
 * decision cut off by a crash runs them again: each must be safe to repeat.
 */
export type ContactsChanged = { accountId: string; changes: ContactChange[] };
