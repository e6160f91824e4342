/**
 * 认定 / 定期注册 applications, as the application systems report them (POST /internal/v1/enrollments): an
 * account with one may not change its contacts through the review (manual 2.2.2, 2)). `key` is unique per
 * account and kind, so a repeated report is recorded once.
 */
import mongoose, { Schema, type Connection, type Types } from 'mongoose';

export const ENROLLMENT_KINDS = ['certification', 'registration'] as const;
export type EnrollmentKind = (typeof ENROLLMENT_KINDS)[number];

export type EnrollmentRecord = { key: string; accountId: Types.ObjectId; kind: EnrollmentKind; recordedAt: Date };

const enrollmentSchema = new Schema<EnrollmentRecord>({
  key: { type: String, required: true, unique: true },
  accountId: { type: Schema.Types.ObjectId, required: true, index: true },
  kind: { type: String, enum: ENROLLMENT_KINDS, required: true },
  recordedAt: { type: Date, required: true },
}, { collection: 'enrollments' });

export type EnrollmentModel = mongoose.Model<EnrollmentRecord>;

export function enrollmentModel(connection: Connection): EnrollmentModel {
  return connection.models.Enrollment as EnrollmentModel | undefined ?? connection.model<EnrollmentRecord>('Enrollment', enrollmentSchema);
}
