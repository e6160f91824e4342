/**
 * How the staff site shows one kind of request: its rows beside the account, whether the decision carries a
 * reply to the applicant, and any form of its own. Each kind has one entry (case-views/<kind>.ts); the pages
 * look it up by kind instead of switching over kinds.
 */
import { VALIDITY_LABELS, type Validity } from '../../../../shared/src/id-documents';
import { GENDER_LABELS, type Gender } from '../../../../shared/src/reference-data';
import type { Desk } from '../../review/desk';
import type { CaseKind } from '../../stores/review-cases';
import { esc } from '../html';

export type Opened = Awaited<ReturnType<Desk['open']>>;
export type StoredAccount = NonNullable<Opened['account']>;

/** A row of the comparison table: label, what the request says, what the account says (all already HTML). */
export type ComparisonRow = [label: string, submitted: string, current: string];

export type CaseView = {
  kind: CaseKind;
  comparisonRows(opened: Opened): ComparisonRow[];
  /** Whether the decision forms take a reply to the applicant (sent by mail). */
  repliesToApplicant: boolean;
  /** A form of this kind's own beside the decision (HTML), or '' when it has none for this case. */
  extraForm(opened: Opened, csrf: string): string;
};

export const validityText = (validity: unknown, from: unknown, to: unknown) =>
  validity ? `${VALIDITY_LABELS[validity as Validity] ?? validity}，${esc(from)} 至 ${to ? esc(to) : '长期'}` : '';

export const genderText = (account: StoredAccount | null) => (account?.gender ? GENDER_LABELS[account.gender as Gender] : '');

export const noExtraForm = () => '';
