/**
 * Writes an export of pre-2019 accounts for the import and the scale bench: `count` resident ID numbers with
 * valid check digits (region, a birth date, a 3-digit sequence; every number distinct), streamed to disk.
 *   tsx bench/accounts-file.ts <file.csv> <count> [region]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { checkCharacter } from '../shared/src/id-documents';

const DAY_MS = 24 * 3600 * 1000;
const FIRST_BIRTH_DATE = Date.UTC(1960, 0, 1);

/** The i-th number of a region: 1,000 a birth date, birth dates one day apart from 1960-01-01. */
export function residentIdNumber(i: number, region = '110101'): string {
  const birth = new Date(FIRST_BIRTH_DATE + Math.floor(i / 1000) * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${region}${birth}${String(i % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export async function writeAccountsFile(file: string, count: number, region = '110101'): Promise<void> {
  const out = createWriteStream(file);
  out.write('idType,idNumber,name,email,phone,registeredAt\n');
  for (let i = 0; i < count; i++) {
    const line = `resident-id,${residentIdNumber(i, region)},张三,${100000 + (i % 900000)}@qq.com,158${String(i % 1e8).padStart(8, '0')},2016-05-0${1 + (i % 9)}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

if (require.main === module) {
  const [file, count, region] = process.argv.slice(2);
  if (!file || !count) {
    console.error('usage: tsx bench/accounts-file.ts <file.csv> <count> [region]');
    process.exit(2);
  }
  writeAccountsFile(file, Number(count), region).catch((error) => { console.error(error); process.exit(1); });
}
