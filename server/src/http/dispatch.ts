/**
 * Mounts the routers so that a request only walks the routers that could match its path. The answer is the one
 * `app.use(router.routes()).use(router.allowedMethods())` for each router in turn would give:
 *   - a router none of whose layers can match the path adds nothing to ctx.matched and only passes the request on,
 *     so leaving it out changes nothing;
 *   - every router has the same methods, and each allowedMethods looks at the same ctx.matched (shared by all the
 *     routers), so the innermost one that acts decides and the outer ones see a status that is no longer 404: one
 *     allowedMethods around the walk gives the same answer (no route here answers OPTIONS itself).
 * Which routers could match is told from the literal start of each layer's path (before any parameter or
 * wildcard), compared case-insensitively as the routers compare; a path that is not plain ASCII walks them all.
 */
import type { Middleware } from 'koa';
import compose from 'koa-compose';
import type { AppRouter } from './context';

/** The characters where a path-to-regexp pattern stops being literal text. */
const PATTERN_CHARS = /[:*{}()[\]+?!\\]/;
/** The same for a layer whose path is the source of a regular expression (router.use middleware). */
const REGEXP_CHARS = /[\\^$.|?*+()[\]{}]/;

/** The literal lower-case start of a layer's path, without a trailing slash (the routers accept one or none). */
export function literalStart(path: unknown, asRegExp = false): string {
  if (typeof path !== 'string') return '';
  const special = path.search(asRegExp ? REGEXP_CHARS : PATTERN_CHARS);
  return (special === -1 ? path : path.slice(0, special)).replace(/\/+$/, '').toLowerCase();
}

/**
 * The indexes of the routers (given by their layers' literal starts) that could match `path`, in order; null
 * when the path is not plain ASCII and all of them must be walked.
 */
export function candidateRouters(starts: string[][], path: string): number[] | null {
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(path)) return null;
  const lower = path.toLowerCase();
  const candidates: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    if (starts[i]!.some((start) => lower.startsWith(start))) candidates.push(i);
  }
  return candidates;
}

/** Each router's literal starts, as `candidateRouters` takes them. */
export function literalStarts(routers: AppRouter[]): string[][] {
  return routers.map((router) => [...new Set(router.stack.map((layer) => literalStart(layer.path, (layer.opts as { pathAsRegExp?: boolean }).pathAsRegExp === true)))]);
}

type Mounted = { routes: Middleware };

export function mountRouters(routers: AppRouter[]): Middleware {
  if (routers.length === 0) return (_ctx, next) => next();
  const methods = new Set(routers[0]!.methods);
  for (const router of routers) {
    if (router.methods.length !== methods.size || router.methods.some((m) => !methods.has(m))) {
      throw new Error('mountRouters: every router must implement the same methods');
    }
    for (const layer of router.stack) {
      if (layer.methods.includes('OPTIONS')) throw new Error('mountRouters: a route answering OPTIONS needs its own allowedMethods');
      if (layer.regexp.flags.includes('u') || layer.regexp.flags.includes('v')) {
        throw new Error(`mountRouters: cannot tell the literal start of ${String(layer.path)}`);
      }
    }
  }
  const mounted: Mounted[] = routers.map((router) => ({ routes: router.routes() as Middleware }));
  const allowedMethods = routers[0]!.allowedMethods() as Middleware;
  const everything = compose(mounted.map((m) => m.routes));
  const chains = new Map<string, Middleware>();
  const starts = literalStarts(routers);

  function chainFor(path: string): Middleware {
    const candidates = candidateRouters(starts, path);
    if (candidates === null) return everything;
    const key = candidates.join(',');
    let chain = chains.get(key);
    if (!chain) {
      chain = compose(candidates.map((i) => mounted[i]!.routes));
      chains.set(key, chain);
    }
    return chain;
  }

  const walk: Middleware = (ctx, next) => {
    // The first router sets ctx.matched even when nothing matches; allowedMethods relies on it.
    const state = ctx as unknown as { matched?: unknown[] };
    state.matched ??= [];
    return chainFor(ctx.path)(ctx, next);
  };
  return (ctx, next) => allowedMethods(ctx, () => walk(ctx, next));
}
