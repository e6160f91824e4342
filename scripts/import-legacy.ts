/**
 * Imports accounts registered before 2019-03-01.
 *   npm run import-legacy -- accounts.csv          (CSV with a header: idType,idNumber,name,email,phone,registeredAt)
 *   npm run import-legacy -- accounts.jsonl        (one JSON object a line, the same fields)
 * Uses MONGODB_URI, DATA_KEY and INDEX_KEY like the server. Prints a progress bar and a summary of rejected rows;
 * exits 1 when any row was rejected.
 */
import { statSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { shanghaiDate } from '../shared/src/dates';
import { loadConfig } from '../server/src/config';
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
  const accounts = accountModel(mongo);
  await ensureIndexes(mongo);

  const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {value} rows', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
  // Rows are not known in advance; bytes are a fair proxy for the bar's length, so count rows against an estimate.
  const estimatedRows = Math.max(1, Math.round(statSync(file).size / 80));
  bar.start(estimatedRows, 0);
  const summary = await importLegacyAccounts({
    path: file, format, accounts, pii: createPii(config.dataKey, config.indexKey), today: shanghaiDate(),
    onProgress: (processed) => bar.update(Math.min(processed, estimatedRows)),
  });
  bar.update(estimatedRows);
  bar.stop();
  await mongo.close();

  console.log(`rows: ${summary.total}, imported: ${summary.imported}, rejected: ${summary.rejected.length}`);
  for (const rejected of summary.rejected) console.log(`  line ${rejected.line}: ${rejected.reason}`);
  process.exit(summary.rejected.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
