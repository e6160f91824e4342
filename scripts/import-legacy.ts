/**
 * Imports accounts registered before 2019-03-01.
 *   npm run import-legacy -- accounts.csv          (CSV with a header: idType,idNumber,name,email,phone,registeredAt)
 *   npm run import-legacy -- accounts.jsonl        (one JSON object a line, the same fields)
 * Uses MONGODB_URI, DATA_KEY and INDEX_KEY like the server. Prints a progress bar (rows done, rate, time left) on
 * stderr and each rejected row on stdout as it is found, then a summary; exits 1 when any row was rejected.
 * Run it again on the same file after a crash: it resumes after the last batch written and duplicates nothing.
 */
import { statSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { shanghaiDate } from '../shared/src/dates';
import { loadConfig } from '../server/src/config';
import { importCheckpointModel } from '../server/src/legacy/checkpoints';
import { importLegacyAccounts } from '../server/src/legacy/import';
import { accountModel } from '../server/src/stores/accounts';
import { connectMongo, ensureIndexes, MONGO_BULK_OPERATION_TIMEOUT_MS } from '../server/src/stores/mongo';
import { createPii } from '../server/src/stores/pii';

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run import-legacy -- <file.csv|file.jsonl>');
    process.exit(2);
  }
  const format = /\.jsonl?$/i.test(file) ? 'jsonl' : 'csv';
  const config = loadConfig();
  const mongo = await connectMongo(config.mongodbUri, MONGO_BULK_OPERATION_TIMEOUT_MS);
  await ensureIndexes(mongo);

  // The bar runs over the file's bytes (the row count is not known in advance), so its time left is honest;
  // rows and their rate are shown beside it.
  const bar = new SingleBar({
    format: 'importing [{bar}] {percentage}% | {rows} rows | {rate} rows/s | {eta_formatted} left',
    stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000, etaBuffer: 50,
  }, Presets.shades_classic);
  const started = Date.now();
  bar.start(statSync(file).size, 0, { rows: 0, rate: 0 });
  const summary = await importLegacyAccounts({
    path: file, format, accounts: accountModel(mongo), checkpoints: importCheckpointModel(mongo),
    pii: createPii(config.dataKey, config.indexKey), today: shanghaiDate(),
    onProgress: ({ rows, bytes }) => bar.update(bytes, { rows, rate: Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000)) }),
    onReject: ({ line, reason }) => console.log(`  line ${line}: ${reason}`),
  });
  bar.update(bar.getTotal());
  bar.stop();
  await mongo.close();

  const seconds = (Date.now() - started) / 1000;
  console.log(`rows: ${summary.total}, imported: ${summary.imported}, rejected: ${summary.rejected}`
    + (summary.doneEarlier ? `, done by an earlier run: ${summary.doneEarlier}` : '') + ` (${seconds.toFixed(1)} s)`);
  process.exit(summary.rejected > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
