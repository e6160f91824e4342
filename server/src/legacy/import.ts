/**
 * Imports accounts registered before 2019-03-01 from an export (CSV with a header row, or JSON lines). Each
 * row is checked like a registration; a good row becomes a `legacy` account that can neither log in nor reset
 * until the applicant registers again. Bad rows are reported with their line and reason, never half-written.
 */
import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { emailProblem, normalizeEmail, phoneProblem } from '../../../shared/src/contacts';
import {
  ID_TYPE_LABELS, ID_TYPES, idNumberProblem, isRealDate, normalizeIdNumber, RESIDENCE_PERMIT_PREFIX, type IdType,
  type ResidenceRegion,
} from '../../../shared/src/id-documents';
import { nameProblem, normalizeName } from '../../../shared/src/names';
import { ID_NUMBER_FIELD, idIndexOf } from '../accounts/lookup';
import { isDuplicateKey, type AccountModel } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import { IMPORT_BATCH_SIZE, LEGACY_CUTOFF_DATE } from './rules';

export type Rejected = { line: number; reason: string };
export type ImportSummary = { total: number; imported: number; rejected: Rejected[] };
type Row = { line: number; fields: Record<string, unknown> };

const LABEL_TO_TYPE = new Map<string, IdType>(ID_TYPES.flatMap((t) => [[t, t], [ID_TYPE_LABELS[t], t]] as Array<[string, IdType]>));
LABEL_TO_TYPE.set('身份证', 'resident-id');

async function* csvRows(path: string): AsyncGenerator<Row> {
  const parser = createReadStream(path).pipe(parseCsv({
    columns: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true,
  }));
  for await (const { info, record } of parser as AsyncIterable<{ info: { lines: number }; record: Record<string, unknown> }>) {
    yield { line: info.lines, fields: record };
  }
}

async function* jsonLines(path: string): AsyncGenerator<Row> {
  let line = 0;
  for await (const text of readline.createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      yield { line, fields: JSON.parse(text) as Record<string, unknown> };
    } catch {
      yield { line, fields: { __invalid: 'not valid JSON' } };
    }
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** Checks one row; returns the account to store, or the reason it is refused. */
function toLegacyAccount(fields: Record<string, unknown>, pii: Pii, today: string) {
  if (fields.__invalid) return { reason: text(fields.__invalid) };
  const idType = LABEL_TO_TYPE.get(text(fields.idType).trim());
  if (!idType) return { reason: `unknown idType "${text(fields.idType)}"` };
  const idNumber = normalizeIdNumber(text(fields.idNumber));
  const region = idType === 'residence-permit'
    ? (Object.entries(RESIDENCE_PERMIT_PREFIX).find(([, prefix]) => idNumber.startsWith(prefix))?.[0] as ResidenceRegion | undefined)
    : undefined;
  const idProblem = idNumberProblem(idType, idNumber, today, region);
  if (idProblem) return { reason: `idNumber: ${idProblem.message}` };
  const name = normalizeName(text(fields.name));
  const problem = nameProblem(name);
  if (problem) return { reason: `name: ${problem}` };
  const registeredAt = text(fields.registeredAt).slice(0, 10);
  if (!isRealDate(registeredAt)) return { reason: 'registeredAt: not a date (YYYY-MM-DD)' };
  if (registeredAt >= LEGACY_CUTOFF_DATE) return { reason: `registeredAt: ${registeredAt} is not before ${LEGACY_CUTOFF_DATE}` };
  const email = normalizeEmail(text(fields.email));
  const phone = text(fields.phone).trim();
  return {
    account: {
      _id: idIndexOf(pii, idNumber),
      idCipher: pii.encrypt(ID_NUMBER_FIELD, idNumber),
      idType,
      region: region ?? null,
      name,
      email: email && !emailProblem(email) ? email : null,
      phone: phone && !phoneProblem(phone) ? phone : null,
      legacy: true,
      legacyRegisteredAt: new Date(`${registeredAt}T00:00:00+08:00`),
    },
  };
}

export async function importLegacyAccounts(options: {
  path: string;
  format: 'csv' | 'jsonl';
  accounts: AccountModel;
  pii: Pii;
  today: string;
  onProgress?: (processed: number) => void;
}): Promise<ImportSummary> {
  const summary: ImportSummary = { total: 0, imported: 0, rejected: [] };
  let batch: Array<{ line: number; account: Record<string, unknown> }> = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    try {
      const inserted = await options.accounts.insertMany(pending.map((p) => p.account), { ordered: false });
      summary.imported += inserted.length;
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; err?: { code?: number }; code?: number }> }).writeErrors;
      if (!writeErrors) throw error;
      summary.imported += pending.length - writeErrors.length;
      for (const failure of writeErrors) {
        const duplicate = isDuplicateKey(failure.err ?? failure);
        summary.rejected.push({ line: pending[failure.index]!.line, reason: duplicate ? 'an account with this idNumber already exists' : 'could not be written' });
      }
    }
    options.onProgress?.(summary.total);
  };

  const seen = new Set<string>();
  for await (const row of options.format === 'csv' ? csvRows(options.path) : jsonLines(options.path)) {
    summary.total++;
    const result = toLegacyAccount(row.fields, options.pii, options.today);
    if ('reason' in result) {
      summary.rejected.push({ line: row.line, reason: result.reason! });
      continue;
    }
    if (seen.has(result.account._id)) {
      summary.rejected.push({ line: row.line, reason: 'the same idNumber appears earlier in the file' });
      continue;
    }
    seen.add(result.account._id);
    batch.push({ line: row.line, account: result.account });
    if (batch.length >= IMPORT_BATCH_SIZE) await flush();
  }
  await flush();
  summary.rejected.sort((a, b) => a.line - b.line);
  return summary;
}
