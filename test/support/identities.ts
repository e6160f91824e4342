/** Valid, unique document numbers for tests, made with the same check-digit rule the server applies. */
import { randomInt } from 'node:crypto';
import { checkCharacter } from '../../shared/src/id-documents';

let sequence = randomInt(0, 900);

/** A 居民身份证 number: region 110101 (北京东城) by default, a real birth date, a valid check character. */
export function residentId(birthDate = '19900307', region = '110101'): string {
  sequence = (sequence + 1) % 1000;
  const first17 = `${region}${birthDate}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export function residencePermitId(region: 'hk' | 'mo' | 'tw', birthDate = '19920101'): string {
  return residentId(birthDate, { hk: '810000', mo: '820000', tw: '830000' }[region]);
}

export function hkmoPermit(): string {
  return `H${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

export function twPermit(): string {
  return String(randomInt(0, 1e8)).padStart(8, '0');
}

export function phoneNumber(): string {
  return `158${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

export function qqMail(): string {
  return `${randomInt(10000, 1e9)}@qq.com`;
}
