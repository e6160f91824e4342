/**
 * The audit log: every staff action and every decision an applicant sees, append-only, searchable by account.
 * Entries carry no ID numbers, passwords or codes; `summary` is the Chinese line shown to staff.
 */
import mongoose, { Schema, type Connection } from 'mongoose';

export type AuditActor = { type: 'staff' | 'applicant' | 'system'; id: string | null; name: string | null };

export type AuditRecord = {
  at: Date;
  actor: AuditActor;
  action: string;
  accountId: string | null;
  caseRef: string | null;
  summary: string;
  detail: Record<string, unknown>;
};

const actorSchema = new Schema<AuditActor>({ type: { type: String, required: true }, id: String, name: String }, { _id: false });

const auditSchema = new Schema<AuditRecord>({
  at: { type: Date, required: true },
  actor: { type: actorSchema, required: true },
  action: { type: String, required: true },
  accountId: { type: String, default: null, index: true },
  caseRef: { type: String, default: null, index: true },
  summary: { type: String, required: true },
  detail: { type: Schema.Types.Mixed, default: {} },
}, { collection: 'audit_log', minimize: false });
auditSchema.index({ at: -1 });

export type AuditModel = mongoose.Model<AuditRecord>;

export function auditModel(connection: Connection): AuditModel {
  return connection.models.AuditEntry as AuditModel | undefined ?? connection.model<AuditRecord>('AuditEntry', auditSchema);
}
