/**
 * Faults on loopback, for the fault tests (test/faults) and npm run bench:faults: a FerretDB and a Redis of the
 * caller's own, each reached through a TCP proxy that can delay every chunk; faults made with real signals
 * (SIGKILL, SIGSTOP / SIGCONT) and delays.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startFerretDb, startRedis, type RunningService } from './local-services';

/** A delay long enough to count as "never answers" for every bound in the server. */
export const HUNG = 10 * 60_000;

/**
 * Forwards loopback TCP to `target()`, holding every chunk `delayMs` in each direction (order kept). A target
 * that refuses makes the client's connection close, as a stopped service does.
 */
export class DelayProxy {
  delayMs = 0;
  port = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target: () => number) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target(), '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      this.pipe(client, upstream);
      this.pipe(upstream, client);
    });
  }

  private pipe(from: net.Socket, to: net.Socket) {
    let last = 0;
    from.on('data', (chunk) => {
      const at = Math.max(Date.now() + this.delayMs, last);
      last = at;
      const forward = () => { if (!to.destroyed) to.write(chunk); };
      if (at <= Date.now()) forward(); else setTimeout(forward, at - Date.now()).unref();
    });
    from.on('end', () => setTimeout(() => to.end(), Math.max(0, last - Date.now())).unref());
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One store (FerretDB or Redis) with its data folder, behind a DelayProxy; stop / hang / restart for real. */
export class FaultyStore {
  service!: RunningService;
  proxy!: DelayProxy;
  constructor(private readonly kind: 'ferretdb' | 'redis', private readonly dataDir: string) {}

  async start(): Promise<this> {
    this.service = await this.launch();
    this.proxy = await new DelayProxy(() => this.service.port).listen();
    return this;
  }

  private launch(port?: number): Promise<RunningService> {
    return this.kind === 'ferretdb' ? startFerretDb(this.dataDir, port) : startRedis(this.dataDir, port);
  }

  /** The address the server is given: always the proxy. */
  get url(): string {
    return this.kind === 'ferretdb' ? `mongodb://127.0.0.1:${this.proxy.port}/faults` : `redis://127.0.0.1:${this.proxy.port}`;
  }

  /** Killed outright, as a crash or an OOM kill does. */
  async kill(): Promise<void> {
    const exited = new Promise((resolve) => this.service.process.once('exit', resolve));
    this.service.process.kill('SIGKILL');
    await exited;
  }

  async restart(): Promise<void> {
    this.service = await this.launch(this.service.port);
  }

  /** Paused, as a stalled disk or a frozen VM: connections stay open and nothing answers. */
  hang(): void { this.service.process.kill('SIGSTOP'); }
  resume(): void { this.service.process.kill('SIGCONT'); }

  async stop(): Promise<void> {
    this.resume();
    await this.proxy.close();
    await this.service.stop();
  }
}

export async function startStores() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jszg-faults-'));
  const [mongo, redis] = await Promise.all([
    new FaultyStore('ferretdb', path.join(dataDir, 'ferretdb')).start(),
    new FaultyStore('redis', path.join(dataDir, 'redis')).start(),
  ]);
  return {
    mongo,
    redis,
    env: { MONGODB_URI: mongo.url, REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'faults:' },
    async stop() {
      await Promise.all([mongo.stop(), redis.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
