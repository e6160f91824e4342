/**
 * Imports accounts registered before 2019-03-01 from an export (CSV with a header row, or JSON lines). Each
 * row is checked like a registration; a good row becomes a `legacy` account that can neither log in nor reset
 * until the applicant registers again. Bad rows are reported with their line and reason, never half-written.
 *
 * Built for millions of rows in little memory: the file is streamed, rows go out in unordered batches keyed by
 * `_id` (the blind index), rejected rows are handed to `onReject` as they are found, and nothing is kept per row.
 * The primary key finds repeated numbers; only such a duplicate costs a read (one `_id` read) to say why. After
 * each batch the checkpoint records the last line written, so a re-run after a crash resumes after it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Document } from 'mongodb';
import readline from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { emailProblem, normalizeEmail, phoneProblem } from '../../../shared/src/contacts';
import {
  ID_TYPE_LABELS, ID_TYPES, idNumberProblem, isRealDate, normalizeIdNumber, RESIDENCE_PERMIT_PREFIX, type IdType,
  type ResidenceRegion,
} from '../../../shared/src/id-documents';
import { nameProblem, normalizeName } from '../../../shared/src/names';
import { ID_NUMBER_FIELD, idIndexOf } from '../accounts/lookup';
import { isDuplicateKey, type AccountModel, type AccountRecord } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import type { ImportCheckpointModel } from './checkpoints';
import { IMPORT_BATCH_SIZE, IMPORT_WRITES_IN_FLIGHT, LEGACY_CUTOFF_DATE } from './rules';

export type Rejected = { line: number; reason: string };
export type ImportProgress = { rows: number; bytes: number };
export type ImportSummary = {
  /** Rows read in this run, the skipped ones included. */
  total: number;
  imported: number;
  rejected: number;
  /** Rows an earlier run of the same file had already handled (up to its checkpoint, or written just before a crash). */
  doneEarlier: number;
};
/** `bytes`: how far into the file the row ends, for the progress bar. */
type Row = { line: number; bytes: number; fields: Record<string, unknown> };
type LegacyAccount = Omit<AccountRecord, 'passwordHash'> & { passwordHash: null };

const SAME_FILE_EARLIER = 'the same idNumber appears earlier in the file';
const ACCOUNT_EXISTS = 'an account with this idNumber already exists';

/**
 * Names a file by its name, size and first 64 KiB, so a re-run of the same export finds its checkpoint wherever
 * the file was copied, and another export does not.
 */
export function sourceOf(file: string): string {
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  let read: number;
  try { read = readSync(fd, head, 0, head.length, 0); } finally { closeSync(fd); }
  const digest = createHash('sha256').update(head.subarray(0, read)).digest('hex').slice(0, 16);
  return `${path.basename(file)}:${statSync(file).size}:${digest}`;
}

async function* csvRows(file: string): AsyncGenerator<Row> {
  const parser = createReadStream(file).pipe(parseCsv({
    columns: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true,
  }));
  for await (const { info, record } of parser as AsyncIterable<{ info: { lines: number; bytes: number }; record: Record<string, unknown> }>) {
    yield { line: info.lines, bytes: info.bytes, fields: record };
  }
}

async function* jsonLines(file: string): AsyncGenerator<Row> {
  let line = 0;
  let bytes = 0;
  for await (const text of readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    bytes += Buffer.byteLength(text) + 1;
    if (!text.trim()) continue;
    try {
      yield { line, bytes, fields: JSON.parse(text) as Record<string, unknown> };
    } catch {
      yield { line, bytes, fields: { __invalid: 'not valid JSON' } };
    }
  }
}



const LABEL_TO_TYPE = new Map<string, IdType>(ID_TYPES.flatMap((t) => [[t, t], [ID_TYPE_LABELS[t], t]] as Array<[string, IdType]>));
LABEL_TO_TYPE.set('身份证', 'resident-id');

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** Checks one row; returns the account to store, or the reason it is refused. */
function toLegacyAccount(fields: Record<string, unknown>, pii: Pii, today: string, now: Date): { reason: string } | { account: LegacyAccount } {
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
  // The batch goes to the driver as it is (mongoose's per-document casting would cost more than the rest of the
  // row's work), so it is written here in the schema's shape. Fields that would be null are left out: the schema
  // supplies them on read, and every field FerretDB stores costs it time on each insert.
  const account: LegacyAccount = {
    _id: idIndexOf(pii, idNumber),
    idCipher: pii.encrypt(ID_NUMBER_FIELD, idNumber),
    idType,
    name,
    passwordHash: null,
    legacy: true,
    legacyRegisteredAt: new Date(`${registeredAt}T00:00:00+08:00`),
    verification: { status: 'unverified' },
    createdAt: now,
    updatedAt: now,
  };
  if (region) account.region = region;
  if (email && !emailProblem(email)) account.email = email;
  if (phone && !phoneProblem(phone)) account.phone = phone;
  return { account };
}

export async function importLegacyAccounts(options: {
  path: string;
  format: 'csv' | 'jsonl';
  accounts: AccountModel;
  checkpoints: ImportCheckpointModel;
  pii: Pii;
  today: string;
  onProgress?: (progress: ImportProgress) => void;
  onReject: (rejected: Rejected) => void;
}): Promise<ImportSummary> {
  const source = sourceOf(options.path);
  const summary: ImportSummary = { total: 0, imported: 0, rejected: 0, doneEarlier: 0 };
  const resumeAfter = (await options.checkpoints.findById(source).lean())?.line ?? 0;
  const reject = (rejected: Rejected) => { summary.rejected++; options.onReject(rejected); };

  /** Says why each duplicate in a batch was refused: one `_id` read each, and only duplicates pay it. */
  async function explainDuplicates(duplicates: Array<{ line: number; account: LegacyAccount }>) {
    const existing = await Promise.all(duplicates.map(({ account }) => options.accounts.findById(account._id, { legacySource: 1 }).lean()));
    duplicates.forEach(({ line, account }, i) => {
      const found = existing[i]?.legacySource ?? null;
      if (found === account.legacySource) summary.doneEarlier++;
      else if (found?.startsWith(`${source}#`)) reject({ line, reason: SAME_FILE_EARLIER });
      else reject({ line, reason: ACCOUNT_EXISTS });
    });
  }

  async function write(batch: Array<{ line: number; account: LegacyAccount }>) {
    let failures: Array<{ index: number; code?: number; errmsg?: string }> = [];
    try {
      // The driver's types want ObjectId ids; these accounts' ids are their blind indexes (strings).
      if (batch.length) await options.accounts.collection.insertMany(batch.map((b) => b.account) as unknown as Document[], { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
      if (!writeErrors) throw error;
      failures = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as typeof failures;
    }
    const duplicates = failures.filter((f) => isDuplicateKey(f)).map((f) => batch[f.index]!);
    for (const failure of failures) {
      if (!isDuplicateKey(failure)) reject({ line: batch[failure.index]!.line, reason: `could not be written: ${failure.errmsg ?? 'unknown error'}` });
    }
    summary.imported += batch.length - failures.length;
    if (duplicates.length) await explainDuplicates(duplicates);
  }

  const saveCheckpoint = (line: number) => options.checkpoints.updateOne(
    { _id: source },
    { $set: { line, imported: summary.imported, rejected: summary.rejected, updatedAt: new Date() } },
    { upsert: true },
  );

  // IMPORT_WRITES_IN_FLIGHT batches are written while the next is read and checked, so the file's parsing and
  // the database's work overlap. Checkpoints follow the batches in file order: one is saved only when its batch
  // and every batch before it are written, so a crash never leaves a written-past line unwritten.
  const inFlight: Array<Promise<void>> = [];
  let checkpoints: Promise<unknown> = Promise.resolve();
  let batch: Array<{ line: number; account: LegacyAccount }> = [];
  let lastLine = 0;
  let bytes = 0;
  const flush = async () => {
    if (inFlight.length >= IMPORT_WRITES_IN_FLIGHT) await inFlight.shift();
    const written = write(batch);
    const line = lastLine;
    checkpoints = Promise.all([checkpoints, written]).then(() => saveCheckpoint(line));
    inFlight.push(checkpoints.then(() => undefined));
    batch = [];
    options.onProgress?.({ rows: summary.total, bytes });
  };

  const now = new Date();
  for await (const row of options.format === 'csv' ? csvRows(options.path) : jsonLines(options.path)) {
    summary.total++;
    lastLine = row.line;
    bytes = row.bytes;
    if (row.line <= resumeAfter) {
      summary.doneEarlier++;
      if (summary.total % IMPORT_BATCH_SIZE === 0) options.onProgress?.({ rows: summary.total, bytes });
      continue;
    }
    const result = toLegacyAccount(row.fields, options.pii, options.today, now);
    if ('reason' in result) {
      reject({ line: row.line, reason: result.reason });
      continue;
    }
    result.account.legacySource = `${source}#${row.line}`;
    batch.push({ line: row.line, account: result.account });
    if (batch.length >= IMPORT_BATCH_SIZE) await flush();
  }
  await flush();
  await Promise.all(inFlight);
  await options.checkpoints.updateOne({ _id: source }, { $set: { finishedAt: new Date() } });
  return summary;
}
