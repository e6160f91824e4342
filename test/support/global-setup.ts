/**
 * Starts this run's own FerretDB and Redis on free loopback ports, with data in a temporary folder, so two
 * runs at once never collide. Test files then get their own database and Redis key prefix (see server.ts).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDb, startRedis, type RunningService } from '../../scripts/local-services';

declare global {
  // eslint-disable-next-line no-var
  var __testServices: { services: RunningService[]; dataDir: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jszg-test-'));
  const [ferret, redis] = await Promise.all([
    startFerretDb(path.join(dataDir, 'ferretdb')),
    startRedis(path.join(dataDir, 'redis')),
  ]);
  process.env.TEST_MONGODB_URL = ferret.url;
  process.env.TEST_REDIS_URL = redis.url;
  process.env.TEST_DATA_DIR = dataDir;
  globalThis.__testServices = { services: [ferret, redis], dataDir };
}
