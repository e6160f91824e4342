/**
 * The Redis client (node-redis): one server (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES), or the master a
 * Redis Sentinel names (REDIS_SENTINEL_NODES, REDIS_SENTINEL_NAME), followed through failovers. Commands fail
 * at once while Redis is down (no offline queue) and after REDIS_COMMAND_TIMEOUT_MS while it does not answer, so
 * requests that need it answer 503 instead of hanging; the client keeps reconnecting in the background and
 * recovers by itself. node-redis sends the commands issued in one event-loop turn in one socket write, and runs
 * the scripts of `SCRIPTS` by SHA, loading them itself when Redis answers NOSCRIPT.
 *
 * Every key carries REDIS_KEY_PREFIX (the client's `keyPrefix`), so several deployments or test files can share
 * one Redis. In a Cluster, the keys one script, MULTI or multi-key command touches must live in one hash slot:
 * such keys share a hash tag, listed in README "Redis keys and Cluster hash tags".
 */
import {
  ClientClosedError, ClientOfflineError, ConnectionTimeoutError, createClient, createCluster, createSentinel, ErrorReply,
  MaxCommandRedirectionsError, ReconnectStrategyError, RootNodesUnavailableError, SocketClosedUnexpectedlyError,
  SocketTimeoutError, TimeoutError, type RedisClientType, type RedisClusterType, type RedisSentinelType,
} from 'redis';
import type { Logger } from '../log';
import { REDIS_COMMAND_TIMEOUT_MS, RedisCommandTimeoutError } from './redis-script';
import { SCRIPTS } from './redis-scripts';

export { REDIS_COMMAND_TIMEOUT_MS, RedisCommandTimeoutError } from './redis-script';
export const REDIS_CONNECT_TIMEOUT_MS = 2000;
/** Reconnect attempts back off by 100 ms a try, to at most a second apart. */
const reconnectDelay = (retries: number) => Math.min((retries + 1) * 100, 1000);

type Scripts = typeof SCRIPTS;
/** RESP2: replies keep the shapes Redis documents (a Lua `false` is null), as every call site expects. */
type Resp = 2;
export type RedisNodeClient = RedisClientType<{}, {}, Scripts, Resp>;
export type RedisClusterClient = RedisClusterType<{}, {}, Scripts, Resp>;
export type RedisSentinelClient = RedisSentinelType<{}, {}, Scripts, Resp>;
export type Redis = RedisNodeClient | RedisClusterClient | RedisSentinelClient;

/** The sentinels (`host:port` or redis:// URLs) and the name of the master they watch. */
export type SentinelSettings = { name: string; nodes: string[] };

/** A single server's URL (redis://, rediss:// or unix://), the seed nodes of a Cluster, or a Sentinel's. */
export type RedisEndpoint = string | string[] | { sentinel: SentinelSettings };

/** Where the configuration points the client: the Sentinel or the Cluster when nodes are listed, else the single server. */
export function redisEndpoint(config: { redisUrl: string; redisClusterNodes: string[]; redisSentinel: SentinelSettings | null }): RedisEndpoint {
  if (config.redisSentinel) return { sentinel: config.redisSentinel };
  return config.redisClusterNodes.length > 0 ? config.redisClusterNodes : config.redisUrl;
}

/** A sentinel given as `host:port` or as a redis:// URL with the login it and the data nodes require. */
function sentinelNodeOf(node: string) {
  const url = new URL(node.includes('://') ? node : `redis://${node}`);
  const login = { username: decodeURIComponent(url.username) || undefined, password: decodeURIComponent(url.password) || undefined };
  return { node: { host: url.hostname, port: Number(url.port || 26379) }, login };
}

const connecting = new WeakMap<object, Promise<unknown>>();

/** Options of every connection to a data node (and a sentinel). */
const NODE_OPTIONS = {
  // A command issued while the connection is down fails at once instead of waiting for a reconnect.
  disableOfflineQueue: true,
  // node-redis's own command timeout (5 s by default) is off: it ends when the command is written, so it cannot
  // bound a paused Redis, and its AbortSignal a command cost several times the command's own CPU (measured:
  // 42 µs against 5 µs a SET and GET). `bounded` below bounds the whole wait, written or not.
  commandOptions: { timeout: 0 },
  socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS, reconnectStrategy: reconnectDelay },
};

export function connectRedis(endpoint: RedisEndpoint, keyPrefix: string, log: Logger): Redis {
  const client: Redis = typeof endpoint === 'string'
    ? createClient({ ...NODE_OPTIONS, url: endpoint, keyPrefix: keyPrefix || undefined, RESP: 2, scripts: SCRIPTS, modules: {} }) as unknown as RedisNodeClient
    : 'sentinel' in endpoint ? sentinelClient(endpoint.sentinel, keyPrefix)
    : createCluster({
      rootNodes: endpoint.map((url) => ({ url })),
      defaults: NODE_OPTIONS,
      // The Cluster client passes its own command options to the node clients: the same timeout-off.
      commandOptions: NODE_OPTIONS.commandOptions,
      keyPrefix: keyPrefix || undefined,
      RESP: 2,
      scripts: SCRIPTS,
      modules: {},
    }) as unknown as RedisClusterClient;
  let down = false;
  const onError = (err: Error) => {
    if (!down) log.warn({ err: err.message }, 'redis unavailable');
    down = true;
  };
  const onReady = () => {
    if (down) log.info('redis back');
    down = false;
  };
  client.on('error', onError);
  if (typeof endpoint === 'string') client.on('ready', onReady);
  else if ('sentinel' in endpoint) client.on('topology-change', onReady);
  else {
    client.on('node-ready', onReady);
    client.on('node-error', onError);
  }
  const redis = bounded(client, REDIS_COMMAND_TIMEOUT_MS);
  const connected = client.connect();
  connected.catch(onError);
  connecting.set(redis, connected);
  return redis;
}

/**
 * The master a Sentinel names, and after a failover the one it names then: node-redis asks the sentinels, keeps a
 * small pool of connections to the master, and moves them when the sentinels announce a new one. Commands in a
 * failover's gap fail (503) like any other outage.
 */
function sentinelClient(sentinel: SentinelSettings, keyPrefix: string): RedisSentinelClient {
  const nodes = sentinel.nodes.map(sentinelNodeOf);
  const login = nodes[0]!.login;
  const { commandOptions, ...perNode } = NODE_OPTIONS;
  return createSentinel({
    name: sentinel.name,
    sentinelRootNodes: nodes.map((n) => n.node),
    nodeClientOptions: { ...perNode, ...login },
    sentinelClientOptions: { ...perNode, ...login },
    // Errors of the pool's connections reach the handler above, which logs an outage once.
    passthroughClientErrorEvents: true,
    commandOptions,
    keyPrefix: keyPrefix || undefined,
    RESP: 2,
    scripts: SCRIPTS,
    modules: {},
  }) as unknown as RedisSentinelClient;
}

/** Resolves when the client is ready (or rejects after the timeout), for start-up. */
export async function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      connecting.get(redis),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('Redis did not become ready')), timeoutMs); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes the client: what is in flight gets its reply (within the bound), nothing new is sent. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await withDeadline(redis.close(), REDIS_COMMAND_TIMEOUT_MS);
  } catch {
    redis.destroy();
  }
}

/** Methods that manage the client rather than run a command: never bounded. */
const UNBOUNDED = new Set<PropertyKey>(['connect', 'close', 'destroy', 'quit', 'disconnect', 'on', 'once', 'off', 'removeListener', 'emit']);

/**
 * node-redis bounds a command only until it is written (`commandOptions.timeout`); a paused Redis keeps the
 * connection open and never answers, so every command's promise here races REDIS_COMMAND_TIMEOUT_MS. A late
 * reply still reaches its command (the client keeps the reply order), so the connection stays usable. MULTI
 * builders are bounded at `exec`.
 */
function bounded<T extends object>(target: T, ms: number): T {
  const wrapped = new Map<PropertyKey, unknown>();
  const proxy: T = new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function' || UNBOUNDED.has(property)) return value;
      let bound = wrapped.get(property);
      if (!bound) {
        bound = (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
          if (result === object) return proxy;
          if (result instanceof Promise) return withDeadline(result, ms);
          if (property === 'multi' && typeof result === 'object' && result !== null) return bounded(result, ms);
          return result;
        };
        wrapped.set(property, bound);
      }
      return bound;
    },
  });
  return proxy;
}

function withDeadline<V>(promise: Promise<V>, ms: number): Promise<V> {
  return new Promise<V>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisCommandTimeoutError(ms)), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(error as Error); },
    );
  });
}

/** Replies of a Redis that is up but cannot serve (a Cluster without a majority, a slot moving, loading). */
const UNSERVED_REPLY = /^(CLUSTERDOWN|TRYAGAIN|LOADING|MASTERDOWN|BUSY)\b/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** True for errors that mean Redis cannot be reached or did not answer in time (503 UNAVAILABLE). */
export function isRedisUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (error instanceof ErrorReply) return UNSERVED_REPLY.test(error.message);
  return error instanceof RedisCommandTimeoutError || error instanceof ClientOfflineError || error instanceof ClientClosedError
    || error instanceof SocketClosedUnexpectedlyError || error instanceof ConnectionTimeoutError || error instanceof SocketTimeoutError
    || error instanceof TimeoutError || error instanceof RootNodesUnavailableError || error instanceof ReconnectStrategyError
    || error instanceof MaxCommandRedirectionsError
    // Socket errors node-redis passes on as Node made them (not necessarily `instanceof Error` of this realm).
    || SOCKET_CODES.has(String((error as { code?: unknown }).code));
}

/**
 * Fixed-window counter: adds one and returns the count in the window. The expiry is set only with the first
 * hit, so the window does not slide with every request.
 */
export async function hit(redis: Redis, key: string, windowSeconds: number): Promise<number> {
  const [count] = await redis.multi().incr(key).expire(key, windowSeconds, 'NX').exec();
  return Number(count);
}
