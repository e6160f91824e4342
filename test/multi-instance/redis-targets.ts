/**
 * The Redis the instances share: the jest run's single Redis (REDIS_URL), or a Redis Cluster of three masters on
 * loopback started for the file (REDIS_CLUSTER_NODES). The suites run once per target.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startRedisCluster } from '../../scripts/local-services';

export type RedisTargetName = 'single' | 'cluster';

export type RedisTarget = {
  env: Record<string, string>;
  /** The number of keys starting with `prefix` on each server of the target (each master of a Cluster). */
  keysPerServer(prefix: string): Promise<number[]>;
  stop(): Promise<void>;
};

/** Counts keys with redis-cli, apart from the client library the server uses. */
export async function countKeys(server: string, prefix: string): Promise<number> {
  // A Unix socket is a path, or (node-redis) a unix:// URL; redis-cli takes either as -s <path>.
  const socket = server.startsWith('/') ? server : server.startsWith('unix://') ? server.slice('unix://'.length) : null;
  const connection = socket ? ['-s', socket] : ['-u', server];
  const { stdout } = await promisify(execFile)('redis-cli', [...connection, '--scan', '--pattern', `${prefix}*`], { timeout: 10_000 });
  return stdout.split('\n').filter(Boolean).length;
}

export async function startRedisTarget(name: RedisTargetName): Promise<RedisTarget> {
  if (name === 'single') {
    const url = process.env.TEST_REDIS_URL;
    if (!url) throw new Error('the test services are not running (jest globalSetup)');
    return { env: { REDIS_URL: url }, keysPerServer: async (prefix) => [await countKeys(url, prefix)], stop: async () => undefined };
  }
  const cluster = await startRedisCluster();
  // With cluster nodes listed the server uses the Cluster; the single REDIS_URL it also gets is not used.
  return {
    env: { REDIS_CLUSTER_NODES: cluster.nodes.join(',') },
    keysPerServer: (prefix) => Promise.all(cluster.nodes.map((node) => countKeys(node, prefix))),
    stop: () => cluster.stop(),
  };
}
