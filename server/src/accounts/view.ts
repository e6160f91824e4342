/** The account as applicants see it: contacts and document numbers masked, as in the manual's screenshots. */
import { maskEmail, maskPhone } from '../../../shared/src/contacts';
import { maskIdNumber } from '../../../shared/src/id-documents';
import type { AccountRecord } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import { ID_NUMBER_FIELD } from './lookup';

type StoredAccount = AccountRecord & { _id: { toString(): string } };

/**
 * 2.3.1 首次登录完善个人信息: everyone adds 民族; HK/MO/TW document holders also 性别, 出生日期 and the local ID
 * number; 港澳台居民居住证 holders also the 通行证号码.
 */
export function isProfileComplete(account: AccountRecord): boolean {
  if (!account.ethnicity || !account.validity || !account.validFrom) return false;
  if (account.idType === 'resident-id') return true;
  if (!account.gender || !account.birthDate || !account.localIdNumberCipher) return false;
  return account.idType !== 'residence-permit' || Boolean(account.passNumberCipher);
}

export function accountView(account: StoredAccount, pii: Pii) {
  const masked = (field: string, sealed: string | null | undefined) => (sealed ? maskIdNumber(pii.decrypt(field, sealed)) : null);
  return {
    id: account._id.toString(),
    idType: account.idType,
    region: account.region ?? null,
    idNumber: maskIdNumber(pii.decrypt(ID_NUMBER_FIELD, account.idCipher)),
    name: account.name,
    validity: account.validity ?? null,
    validFrom: account.validFrom ?? null,
    validTo: account.validTo ?? null,
    email: account.email ? maskEmail(account.email) : null,
    phone: account.phone ? maskPhone(account.phone) : null,
    ethnicity: account.ethnicity ?? null,
    gender: account.gender ?? null,
    birthDate: account.birthDate ?? null,
    passNumber: masked('passNumber', account.passNumberCipher),
    localIdNumber: masked('localIdNumber', account.localIdNumberCipher),
    profileComplete: isProfileComplete(account),
    verification: { status: account.verification?.status ?? 'unverified', reason: account.verification?.reason ?? null },
    createdAt: account.createdAt,
  };
}
