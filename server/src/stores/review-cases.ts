/**
 * Requests that staff decide (manual reviews, contact changes, support requests): one collection, one queue per
 * kind. `ref` is the random public id. `pendingKey` is unique: while a request that allows only one pending at a
 * time waits it is `<kind>:<accountId>`, so a second one at once fails on the index (no transactions needed);
 * once decided it becomes `done:<ref>`. The photos are stored apart, encrypted (stores/case-photos.ts).
 */
import mongoose, { Schema, type Connection, type HydratedDocument } from 'mongoose';

export const CASE_KINDS = ['manual-review', 'contact-change', 'support-request'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type Claim = { staffId: string; staffName: string; until: Date };
export type Decision = { staffId: string; staffName: string; at: Date; reason: string | null; reply: string | null };

export type CaseRecord = {
  ref: string;
  kind: CaseKind;
  status: CaseStatus;
  accountId: string | null;
  pendingKey: string;
  submittedAt: Date;
  /** What the applicant submitted, per kind (see each capability's service); ID numbers only encrypted. */
  details: Record<string, unknown>;
  photos: { role: string; bytes: number }[];
  claim: Claim | null;
  decision: Decision | null;
};

const claimSchema = new Schema<Claim>({ staffId: String, staffName: String, until: Date }, { _id: false });
const decisionSchema = new Schema<Decision>({
  staffId: String, staffName: String, at: Date, reason: String, reply: String,
}, { _id: false });

const caseSchema = new Schema<CaseRecord>({
  ref: { type: String, required: true, unique: true },
  kind: { type: String, enum: CASE_KINDS, required: true },
  status: { type: String, enum: CASE_STATUSES, required: true, default: 'pending' },
  accountId: { type: String, default: null, index: true },
  pendingKey: { type: String, required: true, unique: true },
  submittedAt: { type: Date, required: true },
  details: { type: Schema.Types.Mixed, default: {} },
  photos: [{ _id: false, role: String, bytes: Number }],
  claim: { type: claimSchema, default: null },
  decision: { type: decisionSchema, default: null },
}, { collection: 'review_cases', minimize: false });
caseSchema.index({ kind: 1, status: 1, submittedAt: 1 });

export type CaseDocument = HydratedDocument<CaseRecord>;
export type CaseModel = mongoose.Model<CaseRecord>;

export function caseModel(connection: Connection): CaseModel {
  return connection.models.ReviewCase as CaseModel | undefined ?? connection.model<CaseRecord>('ReviewCase', caseSchema);
}

export const pendingKeyOf = (kind: CaseKind, accountId: string) => `${kind}:${accountId}`;
export const doneKeyOf = (ref: string) => `done:${ref}`;
