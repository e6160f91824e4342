/**
 * Requests that staff decide (manual reviews, contact changes, support requests), laid out so that every read
 * the desk and the applicant make is a bounded number of `_id` point reads (see stores/dense-log.ts for why):
 *
 * - `review_cases`: one document per case, `_id` = its public ref (random, unguessable).
 * - `review_keys`: unique keys whose insert is the only atomic step FerretDB 1.x offers, each naming its case:
 *     `pending:<kind>:<subject>`           one pending case per subject (account, or document number);
 *     `quota:manual-review:<account>:<from>:<n>`  the n-th manual review of a half-year period (n ≤ 3);
 *     `decision:<ref>`                     closes the case: whoever inserts it decided, everyone else is late.
 * - `review_streams` (dense logs): `queue:<kind>` every case filed, in order (its entry marked done once
 *   decided), `decided:<kind>` every decision, newest last, `account:<accountId>` the cases of one account.
 *
 * Photos are stored apart, encrypted (stores/case-photos.ts).
 */
import mongoose, { Schema, type Connection } from 'mongoose';
import type { StreamEntry } from './dense-log';

export const CASE_KINDS = ['manual-review', 'contact-change', 'support-request'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type Outcome = Exclude<CaseStatus, 'pending'>;

export type Decision = {
  outcome: Outcome;
  staffId: string;
  staffName: string;
  at: Date;
  reason: string | null;
  reply: string | null;
  /** Set once the decision's effects (account changes, messages, queue) are all done. */
  effectsDoneAt: Date | null;
};

/** What a queue row shows, copied when the case is filed so a queue page reads nothing else. */
export type CaseSnapshot = { name: string; idType: string | null; maskedIdNumber: string; summary: string };

export type CaseRecord = {
  _id: string;
  kind: CaseKind;
  status: CaseStatus;
  /** An opaque account id (a string whatever the account `_id` is); null for a support request with no account. */
  accountId: string | null;
  /** The `pending:` key this case holds while pending (null when the kind allows several at once). */
  pendingKey: string | null;
  /** The `quota:` key this case used, if its kind is limited per period. */
  quotaKey: string | null;
  submittedAt: Date;
  /** Its number in the `queue:<kind>` stream. */
  queueNumber: number | null;
  /** What the applicant submitted, per kind (see each capability's service); ID numbers only encrypted. */
  details: Record<string, unknown>;
  photos: { role: string; bytes: number }[];
  snapshot: CaseSnapshot;
  decision: Decision | null;
};

const caseSchema = new Schema<CaseRecord>({
  _id: { type: String, required: true },
  kind: { type: String, enum: CASE_KINDS, required: true },
  status: { type: String, enum: CASE_STATUSES, required: true, default: 'pending' },
  accountId: { type: String, default: null },
  pendingKey: { type: String, default: null },
  quotaKey: { type: String, default: null },
  submittedAt: { type: Date, required: true },
  queueNumber: { type: Number, default: null },
  details: { type: Schema.Types.Mixed, default: {} },
  photos: [{ _id: false, role: String, bytes: Number }],
  snapshot: { type: Schema.Types.Mixed, required: true },
  decision: { type: Schema.Types.Mixed, default: null },
}, { collection: 'review_cases', minimize: false, versionKey: false });

export type CaseModel = mongoose.Model<CaseRecord>;

/** `n`: the `queue-head:<kind>` key's number, below which every queue entry is done (a hint, only ever low). */
export type ReviewKeyRecord = { _id: string; ref: string; at: Date; decision?: Decision | null; n?: number };

const keySchema = new Schema<ReviewKeyRecord>({
  _id: { type: String, required: true },
  ref: { type: String, required: true },
  at: { type: Date, required: true },
  decision: { type: Schema.Types.Mixed, default: null },
  n: { type: Number },
}, { collection: 'review_keys', versionKey: false });

export type ReviewKeyModel = mongoose.Model<ReviewKeyRecord>;

/**
 * A `queue:<kind>` entry: the row the queue shows, whether it was decided, and on the first of a run of decided
 * entries, the number after the run (so readers jump it).
 */
export type QueueEntry = { ref: string; submittedAt: Date; snapshot: CaseSnapshot; done: boolean; skipTo?: number };
/** A `decided:<kind>` or `account:<id>` entry. */
export type CaseListEntry = { ref: string; kind: CaseKind; at: Date; outcome?: Outcome; staffName?: string; snapshot?: CaseSnapshot };

const streamSchema = new Schema<StreamEntry<unknown>>({
  _id: { type: String, required: true },
  n: { type: Number, required: true },
  body: { type: Schema.Types.Mixed, required: true },
}, { collection: 'review_streams', versionKey: false, minimize: false });

export type ReviewStreamModel = mongoose.Model<StreamEntry<unknown>>;

export function caseModel(connection: Connection): CaseModel {
  return connection.models.ReviewCase as CaseModel | undefined ?? connection.model<CaseRecord>('ReviewCase', caseSchema);
}

export function reviewKeyModel(connection: Connection): ReviewKeyModel {
  return connection.models.ReviewKey as ReviewKeyModel | undefined ?? connection.model<ReviewKeyRecord>('ReviewKey', keySchema);
}

export function reviewStreamModel(connection: Connection): ReviewStreamModel {
  return connection.models.ReviewStream as ReviewStreamModel | undefined
    ?? connection.model<StreamEntry<unknown>>('ReviewStream', streamSchema);
}

export const pendingKeyOf = (kind: CaseKind, subject: string) => `pending:${kind}:${subject}`;
export const decisionKeyOf = (ref: string) => `decision:${ref}`;
/** Written once a step of a decision's effects (review/cases.ts `onceFor`) is done. */
export const effectStepKeyOf = (ref: string, step: string) => `effect:${ref}:${step}`;
export const queueHeadKeyOf = (kind: CaseKind) => `queue-head:${kind}`;
export const queueStream = (kind: CaseKind) => `queue:${kind}`;
export const decidedStream = (kind: CaseKind) => `decided:${kind}`;
export const accountStream = (accountId: string) => `account:${accountId}`;
