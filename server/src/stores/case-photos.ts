/**
 * Uploaded photos, encrypted at rest (AES-256-GCM through pii.encryptBytes, bound to the case and the photo's
 * role, so a blob cannot be moved to another case). Photos are under 190 KB, well inside a document's 16 MiB.
 */
import mongoose, { Schema, type Connection, type Types } from 'mongoose';

export type CasePhotoRecord = { caseId: Types.ObjectId; role: string; sealed: Buffer; createdAt: Date };

const photoSchema = new Schema<CasePhotoRecord>({
  caseId: { type: Schema.Types.ObjectId, required: true, index: true },
  role: { type: String, required: true },
  sealed: { type: Buffer, required: true },
}, { collection: 'case_photos', timestamps: { createdAt: true, updatedAt: false } });

export type CasePhotoModel = mongoose.Model<CasePhotoRecord>;

export function casePhotoModel(connection: Connection): CasePhotoModel {
  return connection.models.CasePhoto as CasePhotoModel | undefined ?? connection.model<CasePhotoRecord>('CasePhoto', photoSchema);
}
