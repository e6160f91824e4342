/**
 * The audit log: every staff action and every decision an applicant sees, append-only. Kept as dense logs
 * (stores/dense-log.ts) in one collection: the stream `all` (the whole log), `account:<id>` and `case:<ref>`
 * (copies of the same entries, so a page of any of them is a run of `_id` point reads, newest first).
 * Entries carry no ID numbers, passwords or codes; `summary` is the Chinese line shown to staff.
 */
import mongoose, { Schema, type Connection } from 'mongoose';
import type { StreamEntry } from './dense-log';

export type AuditActor = { type: 'staff' | 'applicant' | 'system'; id: string | null; name: string | null };

export type AuditRecord = {
  at: Date;
  actor: AuditActor;
  action: string;
  /** An opaque account id, as text. */
  accountId: string | null;
  caseRef: string | null;
  summary: string;
  detail: Record<string, unknown>;
};

const auditSchema = new Schema<StreamEntry<AuditRecord>>({
  _id: { type: String, required: true },
  n: { type: Number, required: true },
  body: { type: Schema.Types.Mixed, required: true },
}, { collection: 'audit_log', versionKey: false, minimize: false });

export type AuditModel = mongoose.Model<StreamEntry<AuditRecord>>;

export const AUDIT_ALL = 'all';
export const auditAccountStream = (accountId: string) => `account:${accountId}`;
export const auditCaseStream = (ref: string) => `case:${ref}`;

export function auditModel(connection: Connection): AuditModel {
  return connection.models.AuditEntry as AuditModel | undefined ?? connection.model<StreamEntry<AuditRecord>>('AuditEntry', auditSchema);
}
