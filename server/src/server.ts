/** Starts the HTTP server on HOST:PORT with its stores connected; used by main.ts and the tests. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type Services } from './app';
import type { Config } from './config';
import type { AppRouter } from './http/context';
import { closeDeps, createDeps, type Deps } from './deps';
import type { Logger } from './log';
import { ensureIndexes } from './stores/mongo';

/** How long closing MongoDB and Redis may take at shutdown. */
const STORE_CLOSE_MS = 2000;

export type RunningServer = {
  url: string; port: number; deps: Deps; services: Services; routers: AppRouter[]; server: Server;
  /**
   * Stops taking connections, lets the requests in flight finish (cut after `graceMs`), then closes MongoDB
   * and Redis. /readyz answers 503 from the first moment, so a load balancer stops sending requests here.
   */
  close(graceMs?: number): Promise<void>;
};

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const deps = await createDeps(config, log);
  const lifecycle = { draining: false };
  const { app, services, routers } = createApp(deps, lifecycle);
  await ensureIndexes(deps.mongo);
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  // Outside production the WeChat API defaults to this server's own emulator (/dev/wechat-api).
  if (!config.production) config.wechat.apiBase ??= `http://127.0.0.1:${address.port}/dev/wechat-api`;
  // Staff decisions and filings cut off by an outage are finished (or taken back) by themselves.
  const stopSweeping = services.review.desk.sweepEvery(log);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    deps,
    services,
    routers,
    server,
    close(graceMs = config.shutdownGraceMs) {
      closing ??= (async () => {
        lifecycle.draining = true;
        stopSweeping();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections with no request in flight would otherwise hold close() open.
        server.closeIdleConnections();
        const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
        const cut = setTimeout(() => {
          log.warn({ graceMs }, 'requests still in flight after the grace period: connections cut');
          server.closeAllConnections();
        }, graceMs);
        await closed;
        clearInterval(idleSweep);
        clearTimeout(cut);
        // A store that hangs must not keep the process from exiting.
        await Promise.race([closeDeps(deps), new Promise((resolve) => setTimeout(resolve, STORE_CLOSE_MS).unref())]);
      })();
      return closing;
    },
  };
}
