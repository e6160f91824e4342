/**
 * Uploaded photos, encrypted at rest (AES-256-GCM through pii.encryptBytes, bound to the case and the photo's
 * role, so a blob cannot be moved to another case). `_id` is `<case ref>:<role>`, so showing one is a point read.
 * Photos are under 190 KB, well inside a document's 16 MiB.
 */
import mongoose, { Schema, type Connection } from 'mongoose';

export type CasePhotoRecord = { _id: string; caseRef: string; role: string; sealed: Buffer; createdAt: Date };

const photoSchema = new Schema<CasePhotoRecord>({
  _id: { type: String, required: true },
  caseRef: { type: String, required: true },
  role: { type: String, required: true },
  sealed: { type: Buffer, required: true },
}, { collection: 'case_photos', versionKey: false, timestamps: { createdAt: true, updatedAt: false } });

export type CasePhotoModel = mongoose.Model<CasePhotoRecord>;

export const casePhotoIdOf = (caseRef: string, role: string) => `${caseRef}:${role}`;

export function casePhotoModel(connection: Connection): CasePhotoModel {
  return connection.models.CasePhoto as CasePhotoModel | undefined ?? connection.model<CasePhotoRecord>('CasePhoto', photoSchema);
}
