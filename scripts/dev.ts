/**
 * The embedded default: FerretDB and Redis on loopback with data under var/, then the server.
 * MONGODB_URI or REDIS_URL, when set, point at a real service instead and that one is not started.
 */
import path from 'node:path';
import { ROOT, startFerretDb, startRedis, type RunningService } from './local-services';

async function main() {
  // This script runs the project locally: development routes and defaults, unless told otherwise.
  process.env.NODE_ENV ??= 'development';
  const started: RunningService[] = [];
  if (!process.env.MONGODB_URI) {
    const ferret = await startFerretDb(path.join(ROOT, 'var', 'ferretdb'), Number(process.env.FERRETDB_PORT ?? 27017));
    started.push(ferret);
    process.env.MONGODB_URI = `${ferret.url}/jszg`;
  }
  if (!process.env.REDIS_URL) {
    const redis = await startRedis(path.join(ROOT, 'var', 'redis'), Number(process.env.REDIS_PORT ?? 6379));
    started.push(redis);
    process.env.REDIS_URL = redis.url;
  }
  const stop = async () => {
    await Promise.all(started.map((s) => s.stop()));
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await import('../server/src/main');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
