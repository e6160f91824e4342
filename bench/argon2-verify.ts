/**
 * The raw argon2id verify throughput of this machine, with the server's own parameters and the same libuv
 * thread pool a server process has: verifies as many passwords as the pool takes for the given seconds.
 */
import { loadConfig } from '../server/src/config';
import { createPasswordHasher } from '../server/src/accounts/passwords';

async function main() {
  const seconds = Number(process.argv[2] ?? 10);
  const concurrency = Number(process.argv[3] ?? 20);
  const hasher = createPasswordHasher(loadConfig().argon2);
  const hash = await hasher.hash('Bench123#');
  let done = 0;
  const cpuBefore = process.cpuUsage();
  const until = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < until) {
      if (!(await hasher.verify(hash, 'Bench123#'))) throw new Error('verify failed');
      done++;
    }
  }));
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(JSON.stringify({ verifiesPerSecond: done / seconds, cpuMsPerVerify: (cpu.user + cpu.system) / 1000 / done }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
