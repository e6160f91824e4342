/**
 * The server's app twice in one process, for bench/dispatch.ts: on PORT as the server mounts its routers
 * (http/dispatch.ts's mountRouters), on PLAIN_PORT with every router mounted plainly, as @koa/router documents
 * it: `app.use(router.routes()).use(router.allowedMethods())` in the same order. Same deps, same middleware.
 */
import type { Middleware } from 'koa';
import { createApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { createDeps } from '../server/src/deps';
import { createLogger } from '../server/src/log';

async function main() {
  const config = loadConfig();
  const deps = await createDeps(config, createLogger(config.logLevel));
  const dispatched = createApp(deps);
  const plain = createApp(deps);
  // The routers' mount is the one before the applicant app's (createApp's last middleware).
  const at = plain.app.middleware.length - 2;
  if (!String(plain.app.middleware[at]).includes('allowedMethods')) throw new Error('dispatch bench: the routers\' mount is not where it was');
  const mounted: Middleware[] = plain.routers.flatMap((router) => [router.routes() as Middleware, router.allowedMethods() as Middleware]);
  plain.app.middleware.splice(at, 1, ...(mounted as never[]));
  dispatched.app.listen(Number(process.env.PORT), '127.0.0.1');
  plain.app.listen(Number(process.env.PLAIN_PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
