/**
 * N real server processes (`node --import tsx server/src/main.ts`, what `npm run start:dev` runs) on one
 * database and one Redis key prefix, as N machines behind a load balancer would be: nothing is shared between
 * them but the stores, so every rule that must hold across machines is seen to hold through HTTP alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../scripts/local-services';
import { testEnv } from '../support/server';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'server', 'src', 'main.ts');
/** A start on a 2-core machine shared with other test runs: tsx compiles at start, FerretDB builds indexes. */
const READY_WITHIN_MS = 45_000;
/** After SIGTERM the server drains (SHUTDOWN_GRACE_MS below) and exits; past this it is killed. */
const EXIT_WITHIN_MS = 5_000;

export type Instance = {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** What the process wrote (its warnings and errors), for a failure's message. */
  output: string[];
  stop(): Promise<Exit>;
};

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type Instances = {
  instances: Instance[];
  env: NodeJS.ProcessEnv;
  /** SIGTERM to each (SIGKILL past EXIT_WITHIN_MS); how each exited. */
  stop(): Promise<Exit[]>;
};

/** Every process this file started and has not seen exit: killed if the test process goes away first. */
const live = new Set<ChildProcess>();
process.once('exit', () => { for (const child of live) child.kill('SIGKILL'); });

async function waitUntilReady(instance: Instance): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null) break;
    try {
      const response = await fetch(`${instance.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${instance.name} did not become ready (exit ${instance.child.exitCode}):\n${instance.output.join('')}`);
}

function spawnInstance(name: string, env: NodeJS.ProcessEnv, port: number): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => { output.push(chunk.toString()); if (output.length > 200) output.shift(); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => { live.delete(child); resolve({ code, signal }); });
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN_MS);
        try { return await exited; } finally { clearTimeout(timer); }
      }
      return exited;
    },
  };
}

/**
 * Starts `count` instances sharing one database (a fresh one) and one Redis key prefix, and waits until each
 * answers /readyz. `overrides` go to every instance (e.g. the Redis target, TRUST_PROXY_HOPS).
 */
export async function startInstances(count: number, overrides: Record<string, string> = {}): Promise<Instances> {
  const env = testEnv({ LOG_LEVEL: 'warn', SHUTDOWN_GRACE_MS: '1000', TRUST_PROXY_HOPS: '1', ...overrides });
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const instances = ports.map((port, i) => spawnInstance(String.fromCharCode(65 + i), env, port));
  const stopAll = () => Promise.all(instances.map((instance) => instance.stop()));
  try {
    await Promise.all(instances.map(waitUntilReady));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { instances, env, stop: stopAll };
}
