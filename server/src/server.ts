/**
 * Starts the HTTP server on HOST:PORT: connects the stores, listens, then composes the services (composition.ts)
 * and attaches the app; used by main.ts and the tests.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { compose, type Services } from './composition';
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

/** WeChat's API in production (or WECHAT_API_BASE); outside production this server's own emulator by default. */
function wechatApiBaseOf(config: Config, port: number): string {
  if (config.wechat.apiBase) return config.wechat.apiBase;
  if (config.production) throw new Error('WECHAT_API_BASE must be set in production');
  return `http://127.0.0.1:${port}/dev/wechat-api`;
}

/** A request that arrives between listening and the app being attached (the same tick, in practice never). */
function notReady(_request: IncomingMessage, response: ServerResponse) {
  response.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
  response.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: '服务正在启动，请稍后再试' } }));
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const deps = await createDeps(config, log);
  const lifecycle = { draining: false };
  let handle: RequestListener = notReady;
  const server = createServer((request, response) => handle(request, response));
  let composed: ReturnType<typeof compose>;
  try {
    await ensureIndexes(deps.mongo);
    // Listening comes first: the emulator's address (the WeChat API outside production) is this server's port.
    server.listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    composed = compose(deps, { wechatApiBase: wechatApiBaseOf(config, (server.address() as AddressInfo).port), lifecycle });
  } catch (error) {
    server.close();
    await closeDeps(deps);
    throw error;
  }
  handle = createApp(config, log, composed.routers).callback();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  // Staff decisions and filings cut off by an outage are finished (or taken back) by themselves.
  const stopSweeping = composed.services.review.desk.sweepEvery(log);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    deps,
    services: composed.services,
    routers: composed.routers,
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
