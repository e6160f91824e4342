/** Finding an account by its document number, through the blind index; the number itself is never queried. */
import { normalizeIdNumber } from '../../../shared/src/id-documents';
import type { AccountModel } from '../stores/accounts';
import type { Pii } from '../stores/pii';

export const ID_NUMBER_FIELD = 'idNumber';

export function idIndexOf(pii: Pii, idNumber: string): string {
  return pii.blindIndex(ID_NUMBER_FIELD, normalizeIdNumber(idNumber));
}

export function findByIdNumber(accounts: AccountModel, pii: Pii, idNumber: string) {
  return accounts.findOne({ idIndex: idIndexOf(pii, idNumber) });
}
