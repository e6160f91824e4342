/** Finding an account by its document number, through the blind index; the number itself is never queried. */
import { normalizeIdNumber } from '../../../shared/src/id-documents';
import type { AccountModel } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import type { Redis } from '../stores/redis';

export const ID_NUMBER_FIELD = 'idNumber';

export function idIndexOf(pii: Pii, idNumber: string): string {
  return pii.blindIndex(ID_NUMBER_FIELD, normalizeIdNumber(idNumber));
}

/** How long the directory remembers where an account is; the mapping never changes, so this only bounds memory. */
const DIRECTORY_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Finds accounts by blind index through a Redis map from blind index to account id, then by `_id`. FerretDB
 * 1.x pushes only `_id` filters down to its storage and scans for any other field, so the map keeps login and
 * reset at one indexed read whatever the number of accounts (on MongoDB both are index reads). The map is
 * filled on registration and on a miss; an entry pointing at a vanished account is dropped and looked up again.
 * Accounts come back as plain objects (lean): the hot paths only read them.
 */
export function createAccountDirectory(accounts: AccountModel, pii: Pii, redis: Redis) {
  const key = (idIndex: string) => `account-by-index:${idIndex}`;

  async function scan(idIndex: string) {
    const account = await accounts.findOne({ idIndex }).lean();
    if (account) await redis.set(key(idIndex), account._id.toString(), 'EX', DIRECTORY_TTL_SECONDS);
    return account;
  }

  async function byIdIndex(idIndex: string) {
    const accountId = await redis.get(key(idIndex));
    if (accountId === null) return scan(idIndex);
    const account = await accounts.findById(accountId).lean();
    if (account?.idIndex === idIndex) return account;
    await redis.del(key(idIndex));
    return scan(idIndex);
  }

  return {
    idIndexOf: (idNumber: string) => idIndexOf(pii, idNumber),
    byIdIndex,
    byIdNumber: (idNumber: string) => byIdIndex(idIndexOf(pii, idNumber)),

    async remember(idIndex: string, accountId: string): Promise<void> {
      await redis.set(key(idIndex), accountId, 'EX', DIRECTORY_TTL_SECONDS);
    },
  };
}

export type AccountDirectory = ReturnType<typeof createAccountDirectory>;
