/** Starts the HTTP server on 127.0.0.1:PORT with its stores connected; used by main.ts and the tests. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type Services } from './app';
import type { Config } from './config';
import type { AppRouter } from './http/context';
import { closeDeps, createDeps, type Deps } from './deps';
import type { Logger } from './log';
import { ensureIndexes } from './stores/mongo';

export type RunningServer = {
  url: string; port: number; deps: Deps; services: Services; routers: AppRouter[]; server: Server; close(): Promise<void>;
};

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const deps = await createDeps(config, log);
  const { app, services, routers } = createApp(deps);
  await ensureIndexes(deps.mongo);
  const server = app.listen(config.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const port = (server.address() as AddressInfo).port;
  // Outside production the WeChat API defaults to this server's own emulator (/dev/wechat-api).
  if (!config.production) config.wechat.apiBase ??= `http://127.0.0.1:${port}/dev/wechat-api`;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    deps,
    services,
    routers,
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closeDeps(deps);
    },
  };
}
