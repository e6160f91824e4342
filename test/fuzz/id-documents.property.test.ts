/**
 * A property test of the document-number rules (shared/src/id-documents.ts) against the check-digit algorithm of
 * GB 11643-1999 (ISO 7064 MOD 11-2), written here from the standard rather than taken from the code under test:
 * the check value is (12 - Σ aᵢ·2^(17-i) mod 11) mod 11, written X for 10.
 */
import fc from 'fast-check';
import { idNumberProblem, PROVINCE_CODES, RESIDENCE_PERMIT_PREFIX, facts18, type ResidenceRegion } from '../../shared/src/id-documents';

const TODAY = '2026-06-30';

function gb11643(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const birthDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((d) => `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`);
const province = fc.constantFrom(...Object.keys(PROVINCE_CODES));
const residentFirst17 = fc.tuple(province, fc.integer({ min: 0, max: 9999 }), birthDate, fc.integer({ min: 0, max: 999 }))
  .map(([p, area, birth, seq]) => `${p}${pad(area, 4)}${birth}${pad(seq, 3)}`);
const checkChars = '0123456789X'.split('');

describe('居民身份证', () => {
  it('a number with the GB 11643 check character is valid, and its birth date and gender are read back', () => {
    fc.assert(fc.property(residentFirst17, (first17) => {
      const number = first17 + gb11643(first17);
      expect(idNumberProblem('resident-id', number, TODAY)).toBeNull();
      const facts = facts18(number)!;
      expect(facts.birthDate.replace(/-/g, '')).toBe(first17.slice(6, 14));
      expect(facts.gender).toBe(Number(first17[16]) % 2 ? 'male' : 'female');
    }), { numRuns: 2000 });
  });

  it('any other check character is refused', () => {
    fc.assert(fc.property(residentFirst17, fc.constantFrom(...checkChars), (first17, check) => {
      fc.pre(check !== gb11643(first17));
      expect(idNumberProblem('resident-id', first17 + check, TODAY)?.message).toMatch(/校验位/);
    }), { numRuns: 2000 });
  });

  it('changing any one digit of a valid number makes it invalid (MOD 11-2 catches every single substitution)', () => {
    fc.assert(fc.property(residentFirst17, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (first17, at, delta) => {
      const number = first17 + gb11643(first17);
      const changed = number.slice(0, at) + String((Number(number[at]) + delta) % 10) + number.slice(at + 1);
      expect(idNumberProblem('resident-id', changed, TODAY)).not.toBeNull();
    }), { numRuns: 2000 });
  });

  it('a birth date after today, or not a real date, is refused whatever the check character', () => {
    fc.assert(fc.property(province, fc.constantFrom('20270101', '19990230', '20011301', '18991231'), (p, birth) => {
      const first17 = `${p}0101${birth}123`;
      expect(idNumberProblem('resident-id', first17 + gb11643(first17), TODAY)).not.toBeNull();
    }));
  });

  it('anything not 17 digits and a digit or X is refused', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (value) => {
      fc.pre(!/^\d{17}[\dX]$/.test(value));
      expect(idNumberProblem('resident-id', value, TODAY)).not.toBeNull();
    }), { numRuns: 1000 });
  });
});

describe('港澳台居民居住证', () => {
  it('is valid with its region’s prefix and the GB 11643 check character, refused with another region', () => {
    const region = fc.constantFrom<ResidenceRegion>('hk', 'mo', 'tw');
    fc.assert(fc.property(region, region, birthDate, fc.integer({ min: 0, max: 999 }), (own, other, birth, seq) => {
      const first17 = `${RESIDENCE_PERMIT_PREFIX[own]}${birth}${pad(seq, 3)}`;
      const number = first17 + gb11643(first17);
      expect(idNumberProblem('residence-permit', number, TODAY, own)).toBeNull();
      if (other !== own) expect(idNumberProblem('residence-permit', number, TODAY, other)).not.toBeNull();
      expect(idNumberProblem('resident-id', number, TODAY)).not.toBeNull();
    }), { numRuns: 1000 });
  });
});

describe('通行证', () => {
  it('港澳: H or M and 8 digits; 台湾: 8 digits; nothing else', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (value) => {
      expect(idNumberProblem('hkmo-permit', value, TODAY) === null).toBe(/^[HM]\d{8}$/.test(value));
      expect(idNumberProblem('tw-permit', value, TODAY) === null).toBe(/^\d{8}$/.test(value));
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.constantFrom('H', 'M'), fc.integer({ min: 0, max: 99_999_999 }), (letter, n) => {
      expect(idNumberProblem('hkmo-permit', `${letter}${pad(n, 8)}`, TODAY)).toBeNull();
      expect(idNumberProblem('tw-permit', pad(n, 8), TODAY)).toBeNull();
    }), { numRuns: 500 });
  });
});
