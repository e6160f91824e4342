/**
 * The server's app twice in one process, for bench/dispatch.ts: on PORT as the server mounts its routers
 * (http/dispatch.ts's mountRouters), on PLAIN_PORT with every router mounted plainly, as @koa/router documents
 * it: `app.use(router.routes()).use(router.allowedMethods())` in the same order. Same deps, same middleware.
 */
import type { Middleware } from 'koa';
import { createApp } from '../server/src/app';
import { compose } from '../server/src/composition';
import { loadConfig } from '../server/src/config';
import { createDeps } from '../server/src/deps';
import { createLogger } from '../server/src/log';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const deps = await createDeps(config, log);
  const wechatApiBase = config.wechat.apiBase ?? `http://127.0.0.1:${process.env.PORT}/dev/wechat-api`;
  const { routers } = compose(deps, { wechatApiBase, lifecycle: { draining: false } });
  const dispatched = createApp(config, log, routers);
  const plain = createApp(config, log, routers);
  // The routers' mount is the one before the applicant app's (createApp's last middleware).
  const at = plain.middleware.length - 2;
  if (!String(plain.middleware[at]).includes('allowedMethods')) throw new Error('dispatch bench: the routers\' mount is not where it was');
  const mounted: Middleware[] = routers.flatMap((router) => [router.routes() as Middleware, router.allowedMethods() as Middleware]);
  plain.middleware.splice(at, 1, ...(mounted as never[]));
  dispatched.listen(Number(process.env.PORT), '127.0.0.1');
  plain.listen(Number(process.env.PLAIN_PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
