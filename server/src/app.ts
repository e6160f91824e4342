/**
 * The Koa application: the common middleware, then the routers the composition root built (composition.ts),
 * then the applicant app at the site's root. Nothing is built here.
 */
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { appSite } from './app-site/serve';
import type { Config } from './config';
import { clientAddress, proxySettings } from './http/client-address';
import type { AppRouter, AppState } from './http/context';
import { mountRouters } from './http/dispatch';
import { errorEnvelope } from './http/errors';
import { requestLog } from './http/request-log';
import { securityHeaders } from './http/security-headers';
import type { Logger } from './log';

/** JSON bodies are small forms; anything larger is refused before it is read. */
const JSON_BODY_LIMIT = '64kb';

/** The routers match paths case-insensitively and with or without a trailing slash; so does this. */
function isWechatCallback(path: string): boolean {
  return /^\/wechat\/callback\/?$/i.test(path);
}

export function createApp(config: Config, log: Logger, routers: AppRouter[]) {
  const app = new Koa<AppState>(proxySettings(config.trustProxy, config.trustProxyHops));

  app.use(requestLog(log));
  app.use(errorEnvelope(log));
  app.use(securityHeaders());
  app.use(async (ctx, next) => {
    ctx.state.clientAddress = clientAddress(ctx);
    await next();
  });
  // WeChat's callback reads its own (XML) body whatever Content-Type claims: the JSON parser must leave it unread.
  const jsonBody = bodyParser({ enableTypes: ['json'], jsonLimit: JSON_BODY_LIMIT, encoding: 'utf-8' });
  app.use((ctx, next) => (isWechatCallback(ctx.path) ? next() : jsonBody(ctx, next)));
  app.use(mountRouters(routers));

  // The applicant app at the site's root, after the server's own routes (it never answers their paths).
  app.use(appSite());
  return app;
}
