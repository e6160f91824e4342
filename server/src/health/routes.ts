/** GET /healthz: 200 when MongoDB and Redis answer, 503 naming the one that does not. */
import type { Connection } from 'mongoose';
import { createRouter } from '../http/context';
import type { Redis } from '../stores/redis';

const PROBE_TIMEOUT_MS = 1500;

async function answers(probe: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS); })]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: { mongo: Connection; redis: Redis }) {
  const router = createRouter();
  router.get('/healthz', async (ctx) => {
    const [mongodb, redis] = await Promise.all([
      answers(() => deps.mongo.db!.admin().ping()),
      answers(() => deps.redis.ping()),
    ]);
    ctx.status = mongodb && redis ? 200 : 503;
    ctx.body = { status: mongodb && redis ? 'ok' : 'unavailable', mongodb: mongodb ? 'up' : 'down', redis: redis ? 'up' : 'down' };
  });
  return router;
}
