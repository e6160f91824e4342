/**
 * The real server on Redis Sentinel (a master, a replica and three sentinels on loopback, scripts/local-services.ts,
 * REDIS_SENTINEL_NODES and REDIS_SENTINEL_NAME): the flows run on the master the sentinels name; when that master is
 * killed, requests that need Redis answer 503 `redis` within the bound while the sentinels fail over, and the server
 * follows the promoted replica by itself: new logins work, and a session started before the failover (replicated)
 * still holds.
 */
import { execFileSync } from 'node:child_process';
import { startRedisSentinel, type RunningRedisSentinel } from '../../scripts/local-services';
import { loadConfig } from '../../server/src/config';
import { redisEndpoint } from '../../server/src/stores/redis';
import { ApiClient, login, registeredApplicant } from '../support/client';
import { startTestServer, testEnv, type TestServer } from '../support/server';
import { expectUnavailable, timed, until } from '../faults/support';
import { wechatEnv } from '../wechat/wechat-server';

jest.setTimeout(120_000);

let sentinel: RunningRedisSentinel;
let server: TestServer;

beforeAll(async () => {
  sentinel = await startRedisSentinel();
  server = await startTestServer({ REDIS_SENTINEL_NODES: sentinel.sentinels.join(','), REDIS_SENTINEL_NAME: sentinel.name, ...wechatEnv() });
});
afterAll(async () => {
  await server?.close();
  await sentinel?.stop();
});

const redisCli = (port: number, ...args: string[]) => execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).trim();
const replicationOffset = (port: number, field: 'master_repl_offset' | 'slave_repl_offset') => Number(new RegExp(`${field}:(\\d+)`).exec(redisCli(port, 'info', 'replication'))?.[1] ?? -1);

test('the settings: the sentinels with the master\'s name, never beside a Cluster', () => {
  const sentinels = 'redis://:secret@10.0.0.31:26379,10.0.0.32:26379';
  expect(redisEndpoint(loadConfig(testEnv({ REDIS_SENTINEL_NODES: sentinels, REDIS_SENTINEL_NAME: 'jszg' }))))
    .toEqual({ sentinel: { name: 'jszg', nodes: ['redis://:secret@10.0.0.31:26379', '10.0.0.32:26379'] } });
  expect(() => loadConfig(testEnv({ REDIS_SENTINEL_NODES: sentinels }))).toThrow('REDIS_SENTINEL_NODES needs REDIS_SENTINEL_NAME');
  expect(() => loadConfig(testEnv({ REDIS_SENTINEL_NODES: sentinels, REDIS_SENTINEL_NAME: 'jszg', REDIS_CLUSTER_NODES: 'redis://10.0.0.21:6379' })))
    .toThrow('not both');
});

test('registration, a code, the outbox, a session and logout run on the master the sentinels name', async () => {
  const { client } = await registeredApplicant(server.url);
  expect((await client.get('/api/v1/me')).status).toBe(200);
  expect((await client.request('DELETE', '/api/v1/sessions/current')).status).toBe(204);
  expect((await client.get('/api/v1/me')).status).toBe(401);
  const [master, replica] = sentinel.nodes;
  expect(await sentinel.masterPort()).toBe(master!.port);
  // The server's keys are on the master, and reach the replica.
  expect(Number(redisCli(master!.port, 'dbsize'))).toBeGreaterThan(0);
  await until(async () => Number(redisCli(replica!.port, 'dbsize')) === Number(redisCli(master!.port, 'dbsize')));
});

test('the master killed: 503 `redis` within the bound during the failover, then the server follows the new master', async () => {
  const { client: signedIn } = await registeredApplicant(server.url);
  const [master, replica] = sentinel.nodes;
  // Everything written so far has reached the replica before the master dies (replication is asynchronous).
  await until(async () => replicationOffset(replica!.port, 'slave_repl_offset') >= replicationOffset(master!.port, 'master_repl_offset'));
  master!.process.kill('SIGKILL');

  // While the sentinels have not yet promoted the replica: a 503 naming Redis, promptly.
  expectUnavailable(await timed(() => new ApiClient(server.url).post('/api/v1/captcha')), 'redis');

  await until(async () => (await sentinel.masterPort()) === replica!.port, 30_000);
  const { applicant } = await registeredApplicant(server.url).catch(async () => {
    // The pool moves to the new master moments after the sentinels announce it.
    await until(async () => (await new ApiClient(server.url).get('/readyz')).status === 200, 30_000);
    return registeredApplicant(server.url);
  });
  expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(200);
  // The session started before the failover was replicated, so it still holds on the new master.
  expect((await signedIn.get('/api/v1/me')).status).toBe(200);
  expect(Number(redisCli(replica!.port, 'dbsize'))).toBeGreaterThan(0);
});
