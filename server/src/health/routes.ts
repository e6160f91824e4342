/**
 * GET /healthz: liveness, 200 while the process serves (it touches no store, so a slow store never makes a
 * supervisor restart a healthy process). GET /readyz: readiness, 200 when MongoDB and Redis answer within the
 * probe's bound, 503 naming the one that does not, and 503 while the server drains at shutdown.
 */
import type { Connection } from 'mongoose';
import { createRouter } from '../http/context';
import type { Redis } from '../stores/redis';

/** A store that has not answered a ping within this is reported down (well inside a balancer's check timeout). */
export const PROBE_TIMEOUT_MS = 1000;

/** Set when shutdown begins. */
export type Lifecycle = { draining: boolean };

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

export function healthRoutes(deps: { mongo: Connection; redis: Redis }, lifecycle: Lifecycle) {
  const router = createRouter();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const [mongodb, redis] = await Promise.all([
      answers(() => deps.mongo.db!.admin().ping()),
      answers(() => deps.redis.ping()),
    ]);
    const ready = mongodb && redis && !lifecycle.draining;
    ctx.status = ready ? 200 : 503;
    ctx.body = {
      status: ready ? 'ok' : lifecycle.draining ? 'draining' : 'unavailable',
      mongodb: mongodb ? 'up' : 'down',
      redis: redis ? 'up' : 'down',
    };
  });
  return router;
}
