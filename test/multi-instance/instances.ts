/**
 * N real server processes on one database and one Redis key prefix, as N machines behind a load balancer would
 * be: nothing is shared between them but the stores, so every rule that must hold across machines is seen to
 * hold through HTTP alone. Each runs `server/src/main.ts` with node, from one esbuild bundle of this checkout's
 * code made once per test file (esbuild is what tsx compiles with; one file loads in half the time of tsx's
 * file-by-file compiling, which counts on a machine whose two cores are shared by several test runs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { freePort } from '../../scripts/local-services';
import { testEnv } from '../support/server';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'server', 'src', 'main.ts');
/** Under the project (ignored), so the bundle finds node_modules and the project root as the sources do. */
const BUNDLES = path.join(ROOT, 'var', 'multi-instance');
/** A start on a 2-core machine shared with other test runs (FerretDB creates the collections and indexes). */
const READY_WITHIN_MS = 90_000;
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

/**
 * server/src/main.ts and everything it imports from the project in one file (packages stay in node_modules),
 * in a folder of its own that `remove` deletes: node has read it once the processes started.
 */
async function serverBundle(): Promise<{ file: string; remove(): void }> {
  const dir = path.join(BUNDLES, `${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'main.js');
  await build({
    entryPoints: [MAIN], outfile: file, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    packages: 'external', sourcemap: 'inline', logLevel: 'error',
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function waitUntilReady(instance: Instance): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null) break;
    try {
      const response = await fetch(`${instance.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${instance.name} did not become ready (exit ${instance.child.exitCode}, /readyz: ${last}):\n${instance.output.join('')}`);
}

function spawnInstance(name: string, bundle: string, env: NodeJS.ProcessEnv, port: number): Instance {
  const child = spawn(process.execPath, ['--enable-source-maps', bundle], {
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
  const [bundle, ports] = await Promise.all([serverBundle(), Promise.all(Array.from({ length: count }, () => freePort()))]);
  const instances = ports.map((port, i) => spawnInstance(String.fromCharCode(65 + i), bundle.file, env, port));
  const stopAll = () => Promise.all(instances.map((instance) => instance.stop()));
  try {
    await Promise.all(instances.map(waitUntilReady));
  } catch (error) {
    await stopAll();
    throw error;
  } finally {
    bundle.remove();
  }
  return { instances, env, stop: stopAll };
}
