/**
 * The applicant account aggregate. The document number is stored only encrypted (`idCipher`); the account's
 * `_id` is the number's blind index (accounts/lookup.ts `idIndexOf`). So one account per document is a property
 * of the primary key, and finding an account by number is one `_id` read: the only filter FerretDB 1.x pushes
 * down to its storage (every other filter reads the whole table). An account id is therefore an opaque string.
 * Accounts imported from before 2019-03-01 are `legacy` and have no password until the applicant registers again.
 */
import mongoose, { Schema, type Connection, type HydratedDocument } from 'mongoose';
import { ID_TYPES, RESIDENCE_REGIONS, VALIDITIES } from '../../../shared/src/id-documents';
import { ETHNIC_GROUPS, GENDERS } from '../../../shared/src/reference-data';

export const VERIFICATION_STATUSES = [
  'unverified', 'verified', 'failed', 'manual-pending', 'manual-approved', 'manual-rejected',
] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export type AccountRecord = {
  /** The blind index of the document number. */
  _id: string;
  idCipher: string;
  idType: (typeof ID_TYPES)[number];
  region?: (typeof RESIDENCE_REGIONS)[number] | null;
  name: string;
  validity?: (typeof VALIDITIES)[number] | null;
  validFrom?: string | null;
  validTo?: string | null;
  passwordHash?: string | null;
  passwordChangedAt?: Date | null;
  email?: string | null;
  phone?: string | null;
  ethnicity?: (typeof ETHNIC_GROUPS)[number] | null;
  gender?: (typeof GENDERS)[number] | null;
  birthDate?: string | null;
  passNumberCipher?: string | null;
  localIdNumberCipher?: string | null;
  legacy: boolean;
  legacyRegisteredAt?: Date | null;
  /** Where an imported account came from: `<file identity>#<line>` (legacy/import.ts). */
  legacySource?: string | null;
  verification: { status: VerificationStatus; reason?: string | null; updatedAt?: Date | null };
  createdAt: Date;
  updatedAt: Date;
};

const accountSchema = new Schema<AccountRecord>({
  _id: { type: String, required: true },
  idCipher: { type: String, required: true },
  idType: { type: String, enum: ID_TYPES, required: true },
  region: { type: String, enum: [...RESIDENCE_REGIONS, null], default: null },
  name: { type: String, required: true },
  validity: { type: String, enum: [...VALIDITIES, null], default: null },
  validFrom: { type: String, default: null },
  validTo: { type: String, default: null },
  passwordHash: { type: String, default: null },
  passwordChangedAt: { type: Date, default: null },
  email: { type: String, default: null },
  phone: { type: String, default: null },
  ethnicity: { type: String, enum: [...ETHNIC_GROUPS, null], default: null },
  gender: { type: String, enum: [...GENDERS, null], default: null },
  birthDate: { type: String, default: null },
  passNumberCipher: { type: String, default: null },
  localIdNumberCipher: { type: String, default: null },
  legacy: { type: Boolean, default: false },
  legacyRegisteredAt: { type: Date, default: null },
  legacySource: { type: String, default: null },
  verification: {
    status: { type: String, enum: VERIFICATION_STATUSES, default: 'unverified' },
    reason: { type: String, default: null },
    updatedAt: { type: Date, default: null },
  },
}, { timestamps: true, collection: 'accounts' });

export type AccountDocument = HydratedDocument<AccountRecord>;
export type AccountModel = mongoose.Model<AccountRecord>;

export function accountModel(connection: Connection): AccountModel {
  return connection.models.Account as AccountModel | undefined ?? connection.model<AccountRecord>('Account', accountSchema);
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}
