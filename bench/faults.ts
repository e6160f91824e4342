/**
 * npm run bench:faults — issue 13 item 5: a bounded loop of logins and code requests on loopback while FerretDB
 * and Redis are each paused (SIGSTOP), killed and slowed, against the server in a process of its own. For each
 * fault it prints what the requests got and how fast (during the fault every answer should be a 503 within
 * 3 s, never a hang; "forms" counts the logins and code requests themselves, after their captcha steps), the
 * server's resident memory before, at its peak during and after the fault, and how
 * long after the dependency came back the first login succeeded. FAULT_SECONDS sets the length of each fault
 * (default 8); LOAD_WORKERS the concurrent clients (default 8: half logins, half code requests).
 */
import { readFileSync } from 'node:fs';
import { startStores, type FaultyStore } from '../scripts/fault-kit';
import { ApiClient, registeredApplicant, type Applicant } from '../test/support/client';
import { phoneNumber } from '../test/support/identities';
import { freePort, startProcess, stopProcess } from './support';

const FAULT_SECONDS = Number(process.env.FAULT_SECONDS ?? 8);
const WORKERS = Number(process.env.LOAD_WORKERS ?? 8);
/** No request of the loop may wait longer than this: a hang would show as a client time-out. */
const CLIENT_TIMEOUT_MS = 10_000;

type Sample = { at: number; ms: number; status: number | 'timeout' | 'error'; form: boolean };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMiB(pid: number): number {
  const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kib / 1024;
}

async function request(samples: Sample[], url: string, path: string, address: string, body?: unknown, form = false): Promise<any> {
  const started = performance.now();
  try {
    const response = await fetch(url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const parsed = await response.json().catch(() => null);
    samples.push({ at: Date.now(), ms: performance.now() - started, status: response.status, form });
    return response.ok ? parsed : null;
  } catch (error) {
    samples.push({ at: Date.now(), ms: performance.now() - started, status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'error', form });
    return null;
  }
}

/** A plausible drag of the slider to x: [position, milliseconds] points. */
const dragTrack = (x: number) => [[0, 0], [Math.round(x / 3), 120], [Math.round((2 * x) / 3), 260], [x, 480]];

/** One login or one code request, as a browser does it: captcha, its answer, verify, then the form. */
async function journey(samples: Sample[], url: string, kind: 'login' | 'code', applicant: Applicant): Promise<boolean> {
  const address = `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${1 + ((Math.random() * 254) | 0)}`;
  const puzzle = await request(samples, url, '/api/v1/captcha', address, {});
  if (!puzzle) return false;
  const answer = await request(samples, url, `/dev/captcha/${puzzle.id}`, address);
  if (!answer) return false;
  const verified = await request(samples, url, '/api/v1/captcha/verify', address, { id: puzzle.id, x: answer.x, track: dragTrack(answer.x) });
  if (!verified) return false;
  const done = kind === 'login'
    ? await request(samples, url, '/api/v1/sessions', address, { idNumber: applicant.idNumber, password: applicant.password, captchaToken: verified.captchaToken }, true)
    : await request(samples, url, '/api/v1/otp', address, { purpose: 'register', channel: 'sms', to: phoneNumber(), captchaToken: verified.captchaToken }, true);
  return done !== null;
}

function summary(samples: Sample[]) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const count = (test: (s: Sample) => boolean) => samples.filter(test).length;
  const forms = samples.filter((s) => s.form);
  return {
    forms: `${forms.filter((s) => s.status === 200).length}/${forms.filter((s) => s.status === 503).length}`,
    requests: samples.length,
    ok: count((s) => typeof s.status === 'number' && s.status < 400),
    unavailable: count((s) => s.status === 503),
    other: count((s) => s.status !== 503 && !(typeof s.status === 'number' && s.status < 400)),
    p99: ms[Math.floor(ms.length * 0.99)] ?? 0,
    max: ms[ms.length - 1] ?? 0,
  };
}

async function main() {
  const stores = await startStores();
  const port = await freePort();
  const server = await startProcess('server/src/main.ts', {
    NODE_ENV: 'development', ...stores.env, TRUST_PROXY: '1', LOG_LEVEL: 'error', OTP_RESEND_INTERVAL_SECONDS: '0',
  }, port);
  const url = `http://127.0.0.1:${port}`;
  const { applicant } = await registeredApplicant(url);

  let stopLoad = false;
  let samples: Sample[] = [];
  const workers = Array.from({ length: WORKERS }, async (_, i) => {
    while (!stopLoad) {
      const ok = await journey(samples, url, i % 2 === 0 ? 'login' : 'code', applicant);
      if (!ok) await sleep(50); // a client that failed waits a moment before it tries again
    }
  });

  const faults: Array<{ name: string; store: FaultyStore; start(): Promise<void> | void; end(): Promise<void> | void }> = [
    { name: 'FerretDB paused', store: stores.mongo, start: () => stores.mongo.hang(), end: () => stores.mongo.resume() },
    { name: 'FerretDB killed', store: stores.mongo, start: () => stores.mongo.kill(), end: () => stores.mongo.restart() },
    { name: 'FerretDB slowed 2.5 s', store: stores.mongo, start: () => { stores.mongo.proxy.delayMs = 2500; }, end: () => { stores.mongo.proxy.delayMs = 0; } },
    { name: 'Redis paused', store: stores.redis, start: () => stores.redis.hang(), end: () => stores.redis.resume() },
    { name: 'Redis killed', store: stores.redis, start: () => stores.redis.kill(), end: () => stores.redis.restart() },
    { name: 'Redis slowed 1.5 s', store: stores.redis, start: () => { stores.redis.proxy.delayMs = 1500; }, end: () => { stores.redis.proxy.delayMs = 0; } },
  ];

  console.log(`${WORKERS} clients (logins and code requests) on loopback; each fault ${FAULT_SECONDS} s`);
  console.log('fault                    during: requests  ok  503  other  p99 ms  max ms  forms 200/503 | RSS MiB before/peak/after | first login after recovery');
  let failed = false;
  for (const fault of faults) {
    samples = [];
    await sleep(3000);
    const before = rssMiB(server.pid!);
    samples = [];
    await fault.start();
    let peak = before;
    const faultEnds = Date.now() + FAULT_SECONDS * 1000;
    while (Date.now() < faultEnds) {
      peak = Math.max(peak, rssMiB(server.pid!));
      await sleep(250);
    }
    const during = summary(samples);
    samples = [];
    await fault.end();
    const recoveredAt = Date.now();
    let recovery = NaN;
    while (Date.now() - recoveredAt < 30_000) {
      const client = new ApiClient(url);
      try {
        const token = await client.captchaToken();
        const reply = await client.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: token });
        if (reply.status === 200) { recovery = (Date.now() - recoveredAt) / 1000; break; }
      } catch { /* not yet */ }
      await sleep(100);
    }
    await sleep(2000);
    const after = rssMiB(server.pid!);
    const afterRecovery = summary(samples);
    if (during.max > 3000 || Number.isNaN(recovery)) failed = true;
    console.log(
      `${fault.name.padEnd(24)} ${String(during.requests).padStart(16)} ${String(during.ok).padStart(3)} ${String(during.unavailable).padStart(4)} ${String(during.other).padStart(6)}`
      + ` ${during.p99.toFixed(0).padStart(7)} ${during.max.toFixed(0).padStart(7)} ${during.forms.padStart(14)} | ${before.toFixed(0)}/${peak.toFixed(0)}/${after.toFixed(0)}`.padEnd(30)
      + ` | ${Number.isNaN(recovery) ? 'NOT RECOVERED' : `${recovery.toFixed(1)} s`} (then ${afterRecovery.ok}/${afterRecovery.requests} ok)`,
    );
  }
  stopLoad = true;
  await Promise.all(workers);
  await stopProcess(server);
  await stores.stop();
  if (failed) {
    console.log('MISSED: an answer took over 3 s during a fault, or the server did not recover');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
