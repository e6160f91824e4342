/** Staff accounts of the review site: separate from applicants, argon2id passwords, role reviewer or admin. */
import mongoose, { Schema, type Connection, type HydratedDocument } from 'mongoose';

export const STAFF_ROLES = ['reviewer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type StaffRecord = {
  username: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
};

const staffSchema = new Schema<StaffRecord>({
  username: { type: String, required: true, unique: true },
  displayName: { type: String, required: true },
  role: { type: String, enum: STAFF_ROLES, required: true },
  passwordHash: { type: String, required: true },
  active: { type: Boolean, default: true },
  lastLoginAt: { type: Date, default: null },
}, { collection: 'staff', timestamps: { createdAt: true, updatedAt: false } });

export type StaffDocument = HydratedDocument<StaffRecord>;
export type StaffModel = mongoose.Model<StaffRecord>;

export function staffModel(connection: Connection): StaffModel {
  return connection.models.Staff as StaffModel | undefined ?? connection.model<StaffRecord>('Staff', staffSchema);
}
