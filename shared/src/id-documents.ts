/**
 * The four identity documents an applicant can register with, their number formats, check digits and
 * validity periods. Shared by the server and the mini-program so both judge a number the same way.
 */

export const ID_TYPES = ['resident-id', 'hkmo-permit', 'tw-permit', 'residence-permit'] as const;
export type IdType = (typeof ID_TYPES)[number];

export const ID_TYPE_LABELS: Record<IdType, string> = {
  'resident-id': '居民身份证',
  'hkmo-permit': '港澳居民来往内地通行证',
  'tw-permit': '五年有效期台湾居民来往大陆通行证',
  'residence-permit': '港澳台居民居住证',
};

export const RESIDENCE_REGIONS = ['hk', 'mo', 'tw'] as const;
export type ResidenceRegion = (typeof RESIDENCE_REGIONS)[number];

export const RESIDENCE_REGION_LABELS: Record<ResidenceRegion, string> = { hk: '香港', mo: '澳门', tw: '台湾' };

/** 港澳台居民居住证 numbers start with the region's code in place of a mainland address code. */
export const RESIDENCE_PERMIT_PREFIX: Record<ResidenceRegion, string> = { hk: '810000', mo: '820000', tw: '830000' };

export const VALIDITIES = ['5y', '10y', '20y', 'long'] as const;
export type Validity = (typeof VALIDITIES)[number];

export const VALIDITY_LABELS: Record<Validity, string> = { '5y': '5年', '10y': '10年', '20y': '20年', long: '长期' };

const VALIDITY_YEARS: Record<Exclude<Validity, 'long'>, number> = { '5y': 5, '10y': 10, '20y': 20 };

/**
 * Validity periods each document can have. 居民身份证: 5, 10, 20 years or 长期 (the registration form);
 * 港澳居民来往内地通行证: 5 or 10 years; 五年有效期台湾居民来往大陆通行证: 5 years, as its name says;
 * 港澳台居民居住证: the manual's 2.3.1 screenshot offers "5年 / 10年".
 */
export const VALIDITY_OPTIONS: Record<IdType, readonly Validity[]> = {
  'resident-id': ['5y', '10y', '20y', 'long'],
  'hkmo-permit': ['5y', '10y'],
  'tw-permit': ['5y'],
  'residence-permit': ['5y', '10y'],
};

/** GB/T 2260 province-level codes: the first two digits of a 居民身份证 number. */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
};

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (CHECK_WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Upper-cases and strips surrounding blanks, so "h12345678 " and "H12345678" are the same account. */
export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

export type IdProblem = { message: string };

function birthDateOf18(idNumber: string): string | null {
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900) return null;
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

function check18(idNumber: string, today: string): IdProblem | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return { message: '证件号码应为18位，最后一位可以是数字或X' };
  const birth = birthDateOf18(idNumber);
  if (!birth || birth > today) return { message: '证件号码中的出生日期无效' };
  if (checkCharacter(idNumber.slice(0, 17)) !== idNumber[17]) return { message: '证件号码校验位错误，请核对后重新输入' };
  return null;
}

/**
 * Checks a document number (already normalised) against its type. Returns null when it is valid.
 * `today` is the Asia/Shanghai date as YYYY-MM-DD, so a birth date in the future is refused.
 */
export function idNumberProblem(
  idType: IdType,
  idNumber: string,
  today: string,
  region?: ResidenceRegion,
): IdProblem | null {
  switch (idType) {
    case 'resident-id': {
      const problem = check18(idNumber, today);
      if (problem) return problem;
      if (!PROVINCE_CODES[idNumber.slice(0, 2)]) return { message: '证件号码中的地区代码无效' };
      return null;
    }
    case 'residence-permit': {
      const problem = check18(idNumber, today);
      if (problem) return problem;
      const prefix = idNumber.slice(0, 6);
      const expected = region ? RESIDENCE_PERMIT_PREFIX[region] : undefined;
      if (expected ? prefix !== expected : !Object.values(RESIDENCE_PERMIT_PREFIX).includes(prefix)) {
        return { message: '港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头，并与所选地区一致' };
      }
      return null;
    }
    case 'hkmo-permit':
      // 请分别填写 9 位（H 或 M 及 8 位纯数字）…证件号码，最后两位换证次数无需填写。
      if (/^[HM]\d{10}$/.test(idNumber)) return { message: '请只填写H或M及8位数字，最后两位换证次数无需填写' };
      return /^[HM]\d{8}$/.test(idNumber) ? null : { message: '港澳居民来往内地通行证号码应为H或M加8位数字' };
    case 'tw-permit':
      // …8 位（纯数字）证件号码，最后两位换证次数无需填写。
      if (/^\d{10}$/.test(idNumber)) return { message: '请只填写8位数字，最后两位换证次数无需填写' };
      return /^\d{8}$/.test(idNumber) ? null : { message: '台湾居民来往大陆通行证号码应为8位数字' };
  }
}

/** The birth date and gender a GB 11643 number encodes (居民身份证 and 港澳台居民居住证). */
export function facts18(idNumber: string): { birthDate: string; gender: 'male' | 'female' } | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return null;
  const birthDate = birthDateOf18(idNumber);
  if (!birthDate) return null;
  return { birthDate, gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female' };
}

/** Adds whole years to a YYYY-MM-DD date; 29 February lands on 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const targetYear = y + years;
  const lastDay = new Date(Date.UTC(targetYear, m, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(targetYear).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * 请选择正确的证件类型，并准确填写…身份证件有效时间段及其开始日期，系统会自动生成截止日期。
 * The end date is the start date plus the period (as printed on Chinese documents); 长期 has none.
 */
export function validTo(validity: Validity, validFrom: string): string | null {
  return validity === 'long' ? null : addYears(validFrom, VALIDITY_YEARS[validity]);
}

export function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(y, m - 1, d));
  return parsed.getUTCFullYear() === y && parsed.getUTCMonth() === m - 1 && parsed.getUTCDate() === d;
}

/** Masks a document number as the manual's screenshots do: 13**************10. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 4) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 2) + '*'.repeat(idNumber.length - 4) + idNumber.slice(-2);
}
