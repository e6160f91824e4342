/**
 * npm run bench:dispatch (issue 11 item 3): what http/dispatch.ts's mountRouters buys over mounting every
 * router plainly (`app.use(router.routes()).use(router.allowedMethods())`), measured in one run against the
 * real app: one process serves both (bench/dispatch-server.ts) on the same stores, and each path is loaded on
 * both sides in alternating slices so that drift in the machine's speed hits both. Paths: GET /api/v1/meta (a
 * real route that touches no store, so the routing is a visible share of its cost), the WeChat callback's
 * verification GET (the first router), the staff site's style sheet (the
 * last router: the most routers walked before it), and a path no router matches (every router walked). BENCH_SECONDS sets
 * the time per side and path (default 9). Besides each side's rate, the server process's CPU time per request in
 * that side's slices: on a machine shared with other work the rates swing with the load, the CPU a request
 * costs much less. The gain is judged on it: mountRouters is worth keeping only above KEEP_ABOVE on a real route.
 */
import { wechatSignature } from '../server/src/wechat/callback/signature';
import { combine, cpuMeter, freePort, load, serverEnv, startProcess, startServices, stopProcess, type Load } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 9);
const ROUNDS = 3;
const SLICE = Math.max(1, Math.round(SECONDS / ROUNDS));
const WARM_UP_SECONDS = 2;
/** Issue 11 item 3: keep the custom dispatch only if it gains over 10 % on a real route. */
const KEEP_ABOVE = 1.1;

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await fetch(url).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

async function main() {
  const services = await startServices();
  const token = 'benchtoken';
  const [port, plainPort] = [await freePort(), await freePort()];
  const env = await serverEnv(services, { WECHAT_TOKEN: token, WECHAT_APP_ID: 'wxbench0000000001', PLAIN_PORT: String(plainPort) });
  const server = await startProcess('bench/dispatch-server.ts', env, port);
  try {
    await waitFor(`http://127.0.0.1:${plainPort}/healthz`);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const verify = `/wechat/callback?${new URLSearchParams({ signature: wechatSignature(token, timestamp, 'n0nce'), timestamp, nonce: 'n0nce', echostr: 'bench' })}`;
    const paths = [
      { name: 'GET /api/v1/meta', path: '/api/v1/meta', status: 200, real: true },
      { name: 'GET /wechat/callback (verify)', path: verify, status: 200, real: true },
      { name: 'GET /admin/assets/admin.css', path: '/admin/assets/admin.css', status: 200, real: true },
      { name: 'GET /api/v1/nothing (404)', path: '/api/v1/nothing', status: 404, real: false },
    ];
    const sides = { dispatch: port, plain: plainPort };
    let keep = false;
    console.log('each side: requests a second and server CPU a request; then mountRouters / plain: rate, and CPU a request (plain / mountRouters)');
    console.log(`${'path'.padEnd(32)} ${'mountRouters'.padStart(18)} ${'plain mounting'.padStart(18)}  rate  CPU`);
    for (const target of paths) {
      for (const [side, p] of Object.entries(sides)) {
        const answer = await fetch(`http://127.0.0.1:${p}${target.path}`);
        if (answer.status !== target.status) throw new Error(`${side} answered ${target.path} with ${answer.status}`);
      }
      const runs: Record<keyof typeof sides, Load[]> = { dispatch: [], plain: [] };
      const cpu = { dispatch: cpuMeter({ server: server.pid }), plain: cpuMeter({ server: server.pid }) };
      for (const p of Object.values(sides)) await load({ url: `http://127.0.0.1:${p}${target.path}`, duration: WARM_UP_SECONDS });
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which side goes first, so neither always follows the other's garbage.
        const order = (round % 2 === 0 ? ['dispatch', 'plain'] : ['plain', 'dispatch']) as (keyof typeof sides)[];
        for (const side of order) {
          cpu[side].begin();
          const run = await load({ url: `http://127.0.0.1:${sides[side]}${target.path}`, duration: SLICE });
          cpu[side].end(run);
          runs[side].push(run);
        }
      }
      const [dispatched, plain] = [combine(runs.dispatch), combine(runs.plain)];
      if (dispatched.errors + plain.errors > 0) throw new Error(`errors on ${target.name}`);
      const rate = dispatched.requestsPerSecond / plain.requestsPerSecond;
      const [dispatchedCpu, plainCpu] = [cpu.dispatch.microsPerRequest(), cpu.plain.microsPerRequest()];
      const gain = plainCpu / dispatchedCpu;
      if (target.real && gain > KEEP_ABOVE) keep = true;
      const cell = (l: Load, micros: number) => `${l.requestsPerSecond.toFixed(0)}/s ${micros.toFixed(0)} µs`.padStart(18);
      console.log(`${target.name.padEnd(32)} ${cell(dispatched, dispatchedCpu)} ${cell(plain, plainCpu)}  ${rate.toFixed(3)} ${gain.toFixed(3)}`);
    }
    console.log(keep
      ? `mountRouters saves over ${Math.round((KEEP_ABOVE - 1) * 100)} % of a real route's CPU: keep it`
      : `mountRouters saves no more than ${Math.round((KEEP_ABOVE - 1) * 100)} % of any real route's CPU: mount plainly`);
  } finally {
    await stopProcess(server);
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
