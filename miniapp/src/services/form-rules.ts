/** Form checks built on the project's shared rules, so the pages refuse exactly what the server refuses. */
import { shanghaiDate } from '@shared/dates';
import { ID_TYPES, idNumberProblem, normalizeIdNumber, type IdType } from '@shared/id-documents';
import { passwordProblem } from '@shared/password-rule';

export const EMPTY_ID_NUMBER_MESSAGE = '请填写证件号码';
const UNKNOWN_FORMAT_MESSAGE = '请填写正确的证件号码：身份证件为18位，港澳通行证为H或M加8位数字，台湾通行证为8位数字';

export function idNumberProblemFor(idType: IdType, raw: string): string | null {
  const idNumber = normalizeIdNumber(raw);
  if (!idNumber) return EMPTY_ID_NUMBER_MESSAGE;
  return idNumberProblem(idType, idNumber, shanghaiDate())?.message ?? null;
}

/** The type whose message best explains what is wrong with a number that no type accepts. */
function likelyType(idNumber: string): IdType | null {
  if (idNumber.length === 18) return /^8[123]/.test(idNumber) ? 'residence-permit' : 'resident-id';
  if (/^[HM]/.test(idNumber)) return 'hkmo-permit';
  if (/^\d{8}(\d{2})?$/.test(idNumber)) return 'tw-permit';
  return null;
}

/** 取验证码 asks for the number only: it is fine when some document type accepts it. */
export function anyIdNumberProblem(raw: string): string | null {
  const idNumber = normalizeIdNumber(raw);
  if (!idNumber) return EMPTY_ID_NUMBER_MESSAGE;
  const today = shanghaiDate();
  if (ID_TYPES.some((idType) => idNumberProblem(idType, idNumber, today) === null)) return null;
  const idType = likelyType(idNumber);
  return idType ? idNumberProblem(idType, idNumber, today)?.message ?? null : UNKNOWN_FORMAT_MESSAGE;
}

export const PASSWORDS_DIFFER_MESSAGE = '两次输入的密码不一致';

/** The new password against the rule, then the confirmation against the password. */
export function newPasswordProblem(password: string, confirmation: string): string | null {
  return passwordProblem(password) ?? (password === confirmation ? null : PASSWORDS_DIFFER_MESSAGE);
}
