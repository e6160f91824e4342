/**
 * One log line a request: method, route, status and time. A matched route is logged by its pattern
 * (`/api/v1/password-resets/:resetId/sms`), never its values, so reset ids, case references and other
 * secrets in paths stay out of logs; the query (which may carry tokens and codes) is never logged.
 */
import type { Context, Middleware } from 'koa';
import type { Logger } from '../log';

/** Unmatched paths are logged cut short: long enough to debug, too short to carry a whole token. */
const UNMATCHED_PATH_CHARS = 48;

/** How a request's path is logged: its route pattern when a route matched, else the path cut short. */
export function loggedPath(ctx: Context): string {
  const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof route === 'string' ? route : ctx.path.slice(0, UNMATCHED_PATH_CHARS);
}

export function requestLog(log: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: ctx.method, path: loggedPath(ctx), status: ctx.status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}
