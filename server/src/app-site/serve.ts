/**
 * The applicant app (the Taro H5 build) at the site's root, in production too (API.md `GET /`). Its file names
 * carry content hashes, so they are cached for a year; index.html is revalidated on every visit so a new
 * release reaches browsers at once; any other path that looks like an app route (no file extension) gets
 * index.html, so a reload on `/pages/<name>/index` works with the browser-history router. The server's own
 * paths are never answered here: their 404s stay in the API's JSON shape.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';
import { projectPath } from '../project-root';

/** Where `npm --prefix miniapp run build:h5` writes the build (found the same way from tsx and compiled JS). */
export const APP_SITE_DIR = projectPath('miniapp', 'dist', 'h5');

/** Paths that belong to the server, not the app. */
const SERVER_PREFIXES = ['/api', '/admin', '/wechat', '/dev', '/internal', '/healthz', '/readyz'];

/** Folders of the build whose file names carry a content hash (see miniapp/config/index.ts `h5.output`). */
const HASHED_FOLDERS = ['/js/', '/css/', '/static/'];

export const LONG_CACHE = 'public, max-age=31536000, immutable';
/** index.html: may be stored, but asked about again each time, so the hashed names it lists are current. */
export const REVALIDATE = 'no-cache';
/** Unhashed files beside index.html (a favicon, say): an hour. */
const SHORT_CACHE = 'public, max-age=3600';

const INDEX = 'index.html';

function ownedByServer(requestPath: string): boolean {
  return SERVER_PREFIXES.some((prefix) => requestPath === prefix || requestPath.startsWith(`${prefix}/`));
}

/** The last segment has no dot: `/pages/reset/index` is a route, `/js/app.1a2b3c4d.js` a file. */
function looksLikeRoute(requestPath: string): boolean {
  return !path.posix.basename(requestPath).includes('.');
}

function cacheControlFor(servedPath: string): string {
  if (servedPath === `/${INDEX}`) return REVALIDATE;
  return HASHED_FOLDERS.some((folder) => servedPath.startsWith(folder)) ? LONG_CACHE : SHORT_CACHE;
}

export function appSite(root = APP_SITE_DIR): Middleware {
  const sendFile = (ctx: Parameters<Middleware>[0], filePath: string) => send(ctx, filePath, {
    root,
    hidden: false,
    gzip: false,
    brotli: false,
    setHeaders: (res) => res.setHeader('Cache-Control', cacheControlFor(filePath)),
  });

  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ownedByServer(ctx.path)) return next();
    if (!existsSync(path.join(root, INDEX))) return next();
    const requested = ctx.path === '/' ? `/${INDEX}` : ctx.path;
    if (!looksLikeRoute(requested)) {
      try {
        await sendFile(ctx, requested);
        return;
      } catch (error) {
        // Missing, a folder, a path that climbs out of the build, or malformed: not a file of the app.
        const status = (error as { status?: number }).status;
        if (status === undefined || status >= 500) throw error;
        return next();
      }
    }
    await sendFile(ctx, `/${INDEX}`);
  };
}
