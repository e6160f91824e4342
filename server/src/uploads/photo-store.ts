/** Storing a case's photos encrypted, reading one back for staff (one `_id` read), and removing them. */
import { asUnavailable } from '../http/errors';
import { casePhotoIdOf, type CasePhotoModel } from '../stores/case-photos';
import type { Pii } from '../stores/pii';
import type { Photo } from './photos';

/** The encryption binds each blob to its case and role (associated data). */
const photoField = (caseRef: string, role: string) => `case-photo:${caseRef}:${role}`;

export function createPhotoStore(photos: CasePhotoModel, pii: Pii) {
  async function remove(caseRef: string, roles: string[]): Promise<void> {
    await Promise.all(roles.map((role) => photos.deleteOne({ _id: casePhotoIdOf(caseRef, role) })));
  }
  return {
    async save(caseRef: string, list: Photo[]): Promise<void> {
      try {
        await photos.insertMany(list.map((p) => ({
          _id: casePhotoIdOf(caseRef, p.role), caseRef, role: p.role, sealed: pii.encryptBytes(photoField(caseRef, p.role), p.data),
        })));
      } catch (error) {
        // Out of reach, the database could not take the removal either; the filing's sweep removes them later.
        if (!asUnavailable(error)) await remove(caseRef, list.map((p) => p.role));
        throw error;
      }
    },
    async load(caseRef: string, role: string): Promise<Buffer | null> {
      const stored = await photos.findById(casePhotoIdOf(caseRef, role));
      return stored ? pii.decryptBytes(photoField(caseRef, role), Buffer.from(stored.sealed)) : null;
    },
    remove,
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;
