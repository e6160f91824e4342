/**
 * The compiled build (`tsc -p tsconfig.build.json`, what `npm run build` makes) run with plain node, as
 * `npm start` does: it listens on HOST:PORT and logs the address, reads its run-time files from the project
 * root, and on SIGTERM finishes the request in flight, closes the stores and exits 0 (cutting, after the grace
 * period, a request that never ends).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { testEnv } from '../support/server';

const ROOT = path.resolve(__dirname, '../..');
const BUILD_DIR = path.join(ROOT, 'var', 'test-build');
const MAIN = path.join(BUILD_DIR, 'server', 'src', 'main.js');

jest.setTimeout(240_000); // the build alone takes a minute or more on a busy 2-core machine

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR], { cwd: ROOT });
});

type Started = { child: ChildProcess; url: string; exit: Promise<{ code: number | null; signal: string | null }>; logs: string[] };

async function startCompiled(env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: '/', // run-time paths must not depend on the working directory
    env: { PATH: process.env.PATH, ...testEnv({ LOG_LEVEL: 'info', ...env }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        logs.push(line);
        const address = /"address":"([^"]+)"/.exec(line)?.[1];
        if (address && line.includes('listening on')) resolve(address);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    void exit.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${logs.join('\n')}`)));
  });
  return { child, url, exit, logs };
}

/** Starts a POST whose body is sent in two parts; the second part goes when `finish` is called. */
function requestInFlight(url: string, body: string): { finish(): void; reply: Promise<{ status: number; body: string }> } {
  const request = http.request(`${url}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const reply = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode!, body: text }));
    });
    request.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  request.write(body.slice(0, half));
  return { finish: () => request.end(body.slice(half)), reply };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('listens on HOST:PORT and logs it; /healthz, /readyz and the holiday calendar work from the build', async () => {
  const server = await startCompiled({ HOST: '127.0.0.2' });
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ mongodb: 'up', redis: 'up' });
    // It got this far only having read the holiday calendar (the review desk loads it at start) from the root.
    expect((await fetch(`${server.url}/api/v1/meta`)).status).toBe(200);
  } finally {
    server.child.kill('SIGTERM');
    expect(await server.exit).toEqual({ code: 0, signal: null });
  }
});

test('SIGTERM: the request in flight gets its answer, new connections are refused, the process exits 0', async () => {
  const server = await startCompiled();
  const inFlight = requestInFlight(server.url, JSON.stringify({ idType: 'resident-id', idNumber: 'not-a-number', name: '张三' }));
  await sleep(200);
  server.child.kill('SIGTERM');
  await sleep(300);
  // Still running: it waits for the request it is serving.
  expect(server.child.exitCode).toBeNull();
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  inFlight.finish();
  const reply = await inFlight.reply;
  expect(reply.status).toBe(400);
  expect(JSON.parse(reply.body).error.code).toBe('VALIDATION_FAILED');
  expect(await server.exit).toEqual({ code: 0, signal: null });
  expect(server.logs.join('\n')).toContain('stopped');
});

test('SIGTERM: a request that never finishes is cut after SHUTDOWN_GRACE_MS and the process still exits 0', async () => {
  const server = await startCompiled({ SHUTDOWN_GRACE_MS: '500' });
  const inFlight = requestInFlight(server.url, JSON.stringify({ idType: 'resident-id', idNumber: 'x'.repeat(100) }));
  inFlight.reply.catch(() => undefined);
  await sleep(200);
  const started = Date.now();
  server.child.kill('SIGTERM');
  expect(await server.exit).toEqual({ code: 0, signal: null });
  expect(Date.now() - started).toBeLessThan(4000);
  await expect(inFlight.reply).rejects.toThrow();
});
