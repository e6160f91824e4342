/** Storing a case's photos encrypted, reading one back for staff, and removing them when a submission fails. */
import type { Types } from 'mongoose';
import type { AppError } from '../http/errors';
import { isDuplicateKey } from '../stores/accounts';
import type { CasePhotoModel } from '../stores/case-photos';
import type { CaseModel, CaseRecord } from '../stores/review-cases';
import type { Pii } from '../stores/pii';
import type { Photo } from './photos';

/** The encryption binds each blob to its case and role (associated data). */
const photoField = (caseId: string, role: string) => `case-photo:${caseId}:${role}`;

export function createPhotoStore(photos: CasePhotoModel, pii: Pii) {
  return {
    async save(caseId: Types.ObjectId, list: Photo[]): Promise<void> {
      try {
        await photos.insertMany(list.map((p) => ({
          caseId, role: p.role, sealed: pii.encryptBytes(photoField(caseId.toString(), p.role), p.data),
        })));
      } catch (error) {
        await photos.deleteMany({ caseId });
        throw error;
      }
    },
    async load(caseId: Types.ObjectId, role: string): Promise<Buffer | null> {
      const stored = await photos.findOne({ caseId, role });
      return stored ? pii.decryptBytes(photoField(caseId.toString(), role), Buffer.from(stored.sealed)) : null;
    },
    remove: async (caseId: Types.ObjectId) => { await photos.deleteMany({ caseId }); },
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;

/**
 * Files a review case with its photos: the photos first, then the case, whose unique pending key allows one
 * pending case per subject. Without transactions, a case that cannot be written takes its photos with it;
 * a duplicate pending key becomes `pendingError`.
 */
export async function fileCaseWithPhotos(
  deps: { cases: CaseModel; photos: PhotoStore },
  record: Omit<CaseRecord, 'photos' | 'claim' | 'decision'> & { _id: Types.ObjectId },
  photos: Photo[],
  pendingError: AppError,
): Promise<void> {
  await deps.photos.save(record._id, photos);
  try {
    await deps.cases.create({ ...record, photos: photos.map((p) => ({ role: p.role, bytes: p.data.length })) });
  } catch (error) {
    await deps.photos.remove(record._id);
    if (isDuplicateKey(error)) throw pendingError;
    throw error;
  }
}
