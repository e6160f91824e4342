/**
 * The applicant app (the Taro H5 build) at the site's root, in production too (API.md `GET /`). Its file names
 * carry content hashes, so they are cached for a year; index.html is revalidated on every visit so a new
 * release reaches browsers at once; an app route (`/pages/…`, the router's only paths) gets index.html, so a
 * reload on `/pages/<name>/index` works with the browser-history router. Anything else that is not a file of
 * the build falls through to the JSON 404, and the server's own paths are never answered here.
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

/** The app's router has only `/pages/<name>/index` (Taro's page paths), with no file extension. */
function isAppRoute(requestPath: string): boolean {
  return requestPath.startsWith('/pages/') && !path.posix.basename(requestPath).includes('.');
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
    if (ctx.path === '/' || isAppRoute(ctx.path)) {
      await sendFile(ctx, `/${INDEX}`);
      return;
    }
    try {
      await sendFile(ctx, ctx.path);
    } catch (error) {
      // Missing, a folder, a path that climbs out of the build, or malformed: not a file of the app.
      const status = (error as { status?: number }).status;
      if (status === undefined || status >= 500) throw error;
      return next();
    }
  };
}
