/** What the benchmarks share: the embedded services, a server in a process of its own, and autocannon runs. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { createClient } from 'redis';
import { freePort, ROOT, startFerretDb, startRedis, type RunningService } from '../scripts/local-services';
import { captchaTokenKey } from '../server/src/captcha/service';

export type Load = { requestsPerSecond: number; requests: number; p99Ms: number; errors: number; non2xx: number };

export async function startServices() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jszg-bench-'));
  const [ferret, redis] = await Promise.all([startFerretDb(path.join(dataDir, 'ferretdb')), startRedis(path.join(dataDir, 'redis'))]);
  return {
    ferret,
    redis,
    async stop() {
      await Promise.all([ferret.stop(), redis.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a TypeScript entry point in its own Node process and waits until its port answers HTTP. */
export async function startProcess(entry: string, env: Record<string, string>, port: number): Promise<ChildProcess> {
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  // A cold start compiles the TypeScript first: over 30 s when other work loads the two cores (load average 20).
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${entry} did not start`);
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function serverEnv(services: { ferret: RunningService; redis: RunningService }, extra: Record<string, string> = {}) {
  return {
    NODE_ENV: 'development',
    MONGODB_URI: `${services.ferret.url}/bench`,
    REDIS_URL: services.redis.url,
    REDIS_KEY_PREFIX: 'bench:',
    TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export { freePort };

/** A client of the server's Redis, with its key prefix, for placing captcha tokens. */
export const seedClient = (url: string, keyPrefix?: string) => createClient({ url, keyPrefix });
export type SeedClient = ReturnType<typeof seedClient>;

/**
 * Places `count` captcha tokens in Redis directly (what a solved puzzle leaves there), so the benches measure the
 * guarded requests, not image drawing; sent in pipelines of 5,000.
 */
export async function captchaTokens(redis: SeedClient, count: number): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => randomBytes(18).toString('base64url'));
  for (let i = 0; i < tokens.length; i += 5000) {
    const pipeline = redis.multi();
    for (const token of tokens.slice(i, i + 5000)) pipeline.set(captchaTokenKey(token), '1', { expiration: { type: 'EX', value: 900 } });
    await pipeline.execAsPipeline();
  }
  return tokens;
}

export async function load(options: autocannon.Options): Promise<Load> {
  const result = await autocannon({ connections: 20, duration: 10, ...options });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Slices of one side taken together: the mean rate, the worst p99, all errors. */
export function combine(runs: Load[]): Load {
  return {
    requestsPerSecond: mean(runs.map((r) => r.requestsPerSecond)),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

/** A result line; `met` undefined for a line that only informs. */
export function row(name: string, value: string, target: string, met?: boolean) {
  return { name, value, target, met };
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system, in µs) a process has used so far, all its threads together (Linux /proc). */
function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return 0;
  // The fields after the command name, which may itself hold spaces: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Where the machine's CPU went during a side's loads, per request and process (the server, the stores, the load
 * generator): the ratios say how fast, this says what a request costs and who pays for it.
 */
export function cpuMeter(processes: Record<string, number | undefined>) {
  const names = Object.keys(processes);
  const used = new Map(names.map((name) => [name, 0]));
  let requests = 0;
  let before: number[] = [];
  return {
    begin() {
      before = names.map((name) => cpuMicros(processes[name]));
    },
    end(run: Pick<Load, 'requests'>) {
      names.forEach((name, i) => used.set(name, used.get(name)! + cpuMicros(processes[name]) - before[i]!));
      requests += run.requests;
    },
    /** All the processes' CPU time a request, in µs. */
    microsPerRequest(): number {
      return [...used.values()].reduce((sum, v) => sum + v, 0) / Math.max(requests, 1);
    },
    perRequest(unit: 'µs' | 'ms'): string {
      const scale = unit === 'ms' ? 1000 : 1;
      return names.map((name) => `${name} ${(used.get(name)! / Math.max(requests, 1) / scale).toFixed(unit === 'ms' ? 1 : 0)}`).join(', ') + ` ${unit}`;
    },
  };
}
