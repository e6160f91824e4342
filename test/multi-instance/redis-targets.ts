/**
 * The Redis the instances share: the jest run's single Redis, or a Redis Cluster of three masters on loopback
 * started for the file. The suites run once per target.
 */
import * as localServices from '../../scripts/local-services';

export type RedisTargetName = 'single' | 'cluster';

export type RedisTarget = { env: Record<string, string>; stop(): Promise<void> };

type ClusterStarter = () => Promise<{ nodes: string[]; stop(): Promise<void> }>;
const startRedisCluster = (localServices as { startRedisCluster?: ClusterStarter }).startRedisCluster;

/** Why a target cannot run in this checkout, or null when it can. */
export function unavailableReason(name: RedisTargetName): string | null {
  if (name === 'cluster' && !startRedisCluster) {
    return 'scripts/local-services.ts has no startRedisCluster() and the server no Cluster client yet';
  }
  return null;
}

export async function startRedisTarget(name: RedisTargetName): Promise<RedisTarget> {
  if (name === 'single') {
    const url = process.env.TEST_REDIS_URL;
    if (!url) throw new Error('the test services are not running (jest globalSetup)');
    return { env: { REDIS_URL: url }, stop: async () => undefined };
  }
  if (!startRedisCluster) throw new Error(unavailableReason(name)!);
  const cluster = await startRedisCluster();
  // With cluster nodes listed the server uses the Cluster; the single REDIS_URL it also gets is not used.
  return { env: { REDIS_CLUSTER_NODES: cluster.nodes.join(',') }, stop: () => cluster.stop() };
}
