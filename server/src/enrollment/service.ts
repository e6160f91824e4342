/**
 * Applications recorded by the 认定 / 定期注册 systems, and the question the contact change asks of them: has this
 * account applied? Both are `_id` operations on the account's enrollment document.
 */
import { MESSAGES } from '../../../shared/src/reference-data';
import type { AccountDirectory } from '../accounts/lookup';
import { AppError } from '../http/errors';
import type { IdType } from '../../../shared/src/id-documents';
import { isDuplicateKey } from '../stores/accounts';
import type { EnrollmentKind, EnrollmentModel } from '../stores/enrollments';

export function createEnrollmentService(deps: { directory: AccountDirectory; enrollments: EnrollmentModel }) {
  async function upsert(accountId: string, kind: EnrollmentKind, at: Date) {
    await deps.enrollments.updateOne(
      { _id: accountId },
      { $addToSet: { kinds: kind }, $set: { lastRecordedAt: at }, $setOnInsert: { firstRecordedAt: at } },
      { upsert: true },
    );
  }

  return {
    /** Records an application of a registered (not legacy) account; reporting it again changes nothing but the time. */
    async record(request: { idType: IdType; idNumber: string; kind: EnrollmentKind }): Promise<{ accountId: string }> {
      const account = await deps.directory.byIdNumber(request.idNumber);
      if (!account || account.legacy || account.idType !== request.idType) throw new AppError('ACCOUNT_NOT_FOUND', MESSAGES.accountNotFound);
      const accountId = String(account._id);
      const at = new Date();
      try {
        await upsert(accountId, request.kind, at);
      } catch (error) {
        // Two first reports at once: both upserts inserted and one lost on the key; the document exists now.
        if (!isDuplicateKey(error)) throw error;
        await upsert(accountId, request.kind, at);
      }
      return { accountId };
    },

    async hasEnrolled(accountId: string): Promise<boolean> {
      return (await deps.enrollments.findById(accountId, { _id: 1 }).lean()) !== null;
    },
  };
}

export type EnrollmentService = ReturnType<typeof createEnrollmentService>;
