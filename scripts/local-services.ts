/**
 * Starts the embedded services on loopback: FerretDB (SQLite backend, telemetry off) and Redis (one server, or a
 * three-master Cluster for the Cluster tests).
 * Used by the development server (fixed ports, data under var/) and by the tests (free ports, temporary data).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const FERRETDB_BIN = path.join(ROOT, 'tools', 'bin', 'ferretdb');

export type RunningService = { url: string; port: number; process: ChildProcess; stop(): Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.end(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not open port ${port} in time`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/**
 * How FerretDB's SQLite backend is run, measured on the legacy import (issue 14; with scripts/setup.sh's insert
 * patch, FerretDB's CPU per row about a third lower with these than with its defaults), none of them weakening
 * durability (FerretDB keeps its WAL and synchronous=FULL: each acknowledged write is on disk, more than
 * MongoDB's default write concern promises):
 *   - temp_store(memory): the statement journals SQLite still keeps (statements inside FerretDB's multi-statement
 *     transactions) stay in memory instead of temporary files; before the insert patch, that file was a write
 *     system call per page and 18 % of FerretDB's CPU in the import. They are never used for crash recovery.
 *   - --test-batch-size=1000: FerretDB splits an insert into transactions of this many documents (default 100),
 *     each a commit and a WAL sync; the import writes batches of IMPORT_BATCH_SIZE (legacy/rules.ts).
 *   - GOGC=400: FerretDB's garbage collector runs a quarter as often; its heap stays in the tens of MB.
 */
export const FERRETDB_SQLITE_PRAGMAS = ['temp_store(memory)'];
export const FERRETDB_INSERT_BATCH_SIZE = 1000;
const FERRETDB_GOGC = '400';

/** `stock`: FerretDB as it ships, without the settings above (test/scale compares the two). */
export async function startFerretDb(dataDir: string, port?: number, options: { stock?: boolean } = {}): Promise<RunningService> {
  if (!existsSync(FERRETDB_BIN)) throw new Error(`FerretDB is not built at ${FERRETDB_BIN}: run bash scripts/setup.sh`);
  mkdirSync(dataDir, { recursive: true });
  const listenPort = port ?? (await freePort());
  const pragmas = FERRETDB_SQLITE_PRAGMAS.map((pragma) => `_pragma=${pragma}`).join('&');
  const child = spawn(FERRETDB_BIN, [
    '--handler=sqlite',
    options.stock ? `--sqlite-url=file:${dataDir}/` : `--sqlite-url=file:${dataDir}/?${pragmas}`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${listenPort}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=error',
    ...(options.stock ? [] : [`--test-batch-size=${FERRETDB_INSERT_BATCH_SIZE}`]),
  ], { stdio: ['ignore', 'ignore', 'inherit'], env: options.stock ? process.env : { ...process.env, GOGC: FERRETDB_GOGC } });
  await waitForPort(listenPort, child, 'FerretDB');
  return { url: `mongodb://127.0.0.1:${listenPort}`, port: listenPort, process: child, stop: stopper(child) };
}

/** The longest socket path every Linux takes (sun_path is 108 bytes with its terminating NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Redis listens on loopback TCP (for redis-cli and anything on the machine) and on a Unix socket in its data
 * folder, readable by this user only. The server is pointed at the socket when there is one: on the same host a
 * socket round trip costs less CPU than a loopback TCP one (about a third less here), and Redis is on every hot path.
 */
export async function startRedis(dataDir: string, port?: number): Promise<RunningService> {
  mkdirSync(dataDir, { recursive: true });
  const listenPort = port ?? (await freePort());
  const socket = path.join(dataDir, 'redis.sock');
  const useSocket = socket.length <= MAX_SOCKET_PATH;
  const child = spawn('redis-server', [
    '--bind', '127.0.0.1', '--port', String(listenPort), '--dir', dataDir,
    '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning',
    ...(useSocket ? ['--unixsocket', socket, '--unixsocketperm', '700'] : []),
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(listenPort, child, 'Redis');
  // Redis opens its TCP port before it binds the socket: wait for that too.
  for (let tries = 0; useSocket && !existsSync(socket); tries++) {
    if (tries > 100) throw new Error(`Redis did not open ${socket}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { url: useSocket ? `unix://${socket}` : `redis://127.0.0.1:${listenPort}`, port: listenPort, process: child, stop: stopper(child) };
}

/** The flags of every Redis a test group starts: loopback, no persistence (it holds only what may expire). */
const REDIS_GROUP_FLAGS = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'];

/**
 * Redis processes that run and stop together (a Cluster's nodes, a Sentinel's), each on a free loopback port with
 * a folder of its own in a temporary one that stop() removes.
 */
function redisGroup(prefix: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const children: ChildProcess[] = [];
  return {
    dataDir,
    /** Starts redis-server with `args` (before the group's flags) and waits until its port answers. */
    async launch(name: string, args: string[]) {
      const port = await freePort();
      const dir = path.join(dataDir, `${name}-${port}`);
      mkdirSync(dir);
      const child = spawn('redis-server', [...args, ...REDIS_GROUP_FLAGS, '--port', String(port), '--dir', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      await waitForPort(port, child, `Redis ${name}`);
      return { port, process: child };
    },
    async stop() {
      await Promise.all(children.map((child) => stopper(child)()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `ready` every 100 ms for up to 30 s; `what` names what did not happen. */
async function waitUntil(ready: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type RunningRedisCluster = { nodes: string[]; stop(): Promise<void> };

const CLUSTER_MASTERS = 3;

/**
 * A Redis Cluster of three masters (no replicas) on free loopback ports, data in a temporary folder removed by
 * stop(): Debian's redis-server in cluster mode, its slots assigned by `redis-cli --cluster create`. `nodes` are
 * redis:// URLs, for REDIS_CLUSTER_NODES.
 */
export async function startRedisCluster(): Promise<RunningRedisCluster> {
  const group = redisGroup('jszg-redis-cluster-');
  try {
    const ports: number[] = [];
    for (let i = 0; i < CLUSTER_MASTERS; i++) {
      // The cluster bus gets a free port of its own: the default (port + 10000) may be taken or past 65535.
      const busPort = await freePort();
      const node = await group.launch('cluster-node', [
        '--cluster-enabled', 'yes', '--cluster-port', String(busPort), '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000',
      ]);
      ports.push(node.port);
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
    // `create` returns once the slots are assigned; the nodes agree on it a moment later.
    await waitUntil(() => clusterOk(ports), 'the Redis Cluster did not reach cluster_state:ok');
    return { nodes: ports.map((port) => `redis://127.0.0.1:${port}`), stop: group.stop };
  } catch (error) {
    await group.stop();
    throw error;
  }
}

export type RunningRedisSentinel = {
  /** The master's name the sentinels know, for REDIS_SENTINEL_NAME. */
  name: string;
  /** The sentinels, `host:port`, for REDIS_SENTINEL_NODES. */
  sentinels: string[];
  /** The data nodes, master first: kill one to make the sentinels fail over. */
  nodes: { port: number; process: ChildProcess }[];
  /** The port of the node the sentinels call master now. */
  masterPort(): Promise<number>;
  stop(): Promise<void>;
};

const SENTINELS = 3;
/** The master's name in the sentinels' configuration. */
const SENTINEL_MASTER_NAME = 'jszg';

/**
 * A master, one replica and three sentinels (quorum 2) on free loopback ports, data in a temporary folder removed
 * by stop(): Debian's redis-server, the sentinels run by its `--sentinel` mode. They call a master down after
 * 1 s without an answer and promote the replica, so a test sees a failover within seconds.
 */
export async function startRedisSentinel(): Promise<RunningRedisSentinel> {
  const group = redisGroup('jszg-redis-sentinel-');
  try {
    const master = await group.launch('master', []);
    const replica = await group.launch('replica', ['--replicaof', '127.0.0.1', String(master.port)]);
    const sentinels: string[] = [];
    for (let i = 0; i < SENTINELS; i++) {
      // A sentinel rewrites its configuration file as it learns the topology: each gets one of its own.
      const config = path.join(group.dataDir, `sentinel-${i}.conf`);
      writeFileSync(config, [
        `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${master.port} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} 1000`,
        `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 5000`,
        '',
      ].join('\n'));
      const sentinel = await group.launch('sentinel', [config, '--sentinel']);
      sentinels.push(`127.0.0.1:${sentinel.port}`);
    }
    const masterPort = async () => {
      const reply = await run('redis-cli', ['-p', sentinels[0]!.split(':')[1]!, 'sentinel', 'get-master-addr-by-name', SENTINEL_MASTER_NAME]);
      return Number(reply.trim().split('\n')[1]);
    };
    // Ready when the replica has synced and every sentinel has found it.
    await waitUntil(() => sentinelsReady(sentinels, replica.port), 'the Redis sentinels did not find the replica');
    return { name: SENTINEL_MASTER_NAME, sentinels, nodes: [master, replica], masterPort, stop: group.stop };
  } catch (error) {
    await group.stop();
    throw error;
  }
}

async function sentinelsReady(sentinels: string[], replicaPort: number): Promise<boolean> {
  const [replication, ...known] = await Promise.all([
    run('redis-cli', ['-p', String(replicaPort), 'info', 'replication']).catch(() => ''),
    ...sentinels.map((sentinel) => run('redis-cli', ['-p', sentinel.split(':')[1]!, 'sentinel', 'replicas', SENTINEL_MASTER_NAME]).catch(() => '')),
  ]);
  return /master_link_status:up/.test(replication!) && known.every((reply) => reply.includes(String(replicaPort)));
}

async function clusterOk(ports: number[]): Promise<boolean> {
  const states = await Promise.all(ports.map((port) => run('redis-cli', ['-p', String(port), 'cluster', 'info']).catch(() => '')));
  return states.every((info) => /cluster_state:ok/.test(info) && /cluster_known_nodes:3/.test(info));
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}
