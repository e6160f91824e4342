/** Finding an account by its document number, through the blind index; the number itself is never queried. */
import { normalizeIdNumber } from '../../../shared/src/id-documents';
import type { mongo } from 'mongoose';
import type { AccountModel, AccountRecord } from '../stores/accounts';
import type { Pii } from '../stores/pii';

export const ID_NUMBER_FIELD = 'idNumber';

/** The blind index of a document number: also the `_id` of the account registered with it. */
export function idIndexOf(pii: Pii, idNumber: string): string {
  return pii.blindIndex(ID_NUMBER_FIELD, normalizeIdNumber(idNumber));
}

/**
 * Finds accounts by document number. An account's `_id` is its number's blind index, so every lookup, for a
 * number that has an account or not, is one primary-key read, on MongoDB and on FerretDB alike (FerretDB 1.x
 * pushes only an `_id` equality down to its storage). Nothing is cached: losing Redis loses no account and
 * slows no lookup. Accounts come back as plain objects, read through the model's collection rather than a
 * mongoose query: the hot paths only read them, and a query's casting and bookkeeping cost about 80 µs of CPU a
 * read (the driver's own findOne about 170 µs), on the path of every login.
 */
export function createAccountDirectory(accounts: AccountModel, pii: Pii) {
  // The model's collection, typed with its documents (mongoose types it with ObjectId `_id`s).
  const collection = accounts.collection as unknown as mongo.Collection<AccountRecord>;
  const byIdIndex = (idIndex: string) => collection.findOne({ _id: idIndex });
  return {
    idIndexOf: (idNumber: string) => idIndexOf(pii, idNumber),
    byIdIndex,
    byIdNumber: (idNumber: string) => byIdIndex(idIndexOf(pii, idNumber)),
  };
}

export type AccountDirectory = ReturnType<typeof createAccountDirectory>;
