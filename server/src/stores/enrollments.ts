/**
 * 认定 / 定期注册 applications, as the application systems report them (POST /internal/v1/enrollments): an
 * account with one may not change its contacts through the review (manual 2.2.2, 2)). One document per account,
 * whose `_id` is the account id, so "has this account applied?" is one `_id` read (the only filter FerretDB 1.x
 * pushes down); `kinds` lists what it applied for, each once however often it is reported.
 */
import mongoose, { Schema, type Connection } from 'mongoose';

export const ENROLLMENT_KINDS = ['certification', 'registration'] as const;
export type EnrollmentKind = (typeof ENROLLMENT_KINDS)[number];

export type EnrollmentRecord = { _id: string; kinds: EnrollmentKind[]; firstRecordedAt: Date; lastRecordedAt: Date };

const enrollmentSchema = new Schema<EnrollmentRecord>({
  _id: { type: String, required: true },
  kinds: { type: [{ type: String, enum: ENROLLMENT_KINDS }], default: [] },
  firstRecordedAt: { type: Date, required: true },
  lastRecordedAt: { type: Date, required: true },
}, { collection: 'enrollments' });

export type EnrollmentModel = mongoose.Model<EnrollmentRecord>;

export function enrollmentModel(connection: Connection): EnrollmentModel {
  return connection.models.Enrollment as EnrollmentModel | undefined ?? connection.model<EnrollmentRecord>('Enrollment', enrollmentSchema);
}
