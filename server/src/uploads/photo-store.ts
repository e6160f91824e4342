/** Storing a case's photos encrypted, reading one back for staff, and removing them when a submission fails. */
import type { Types } from 'mongoose';
import type { CasePhotoModel } from '../stores/case-photos';
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
