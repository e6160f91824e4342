/**
 * Settings from the environment, read once at start. Development is an explicit opt-in: only NODE_ENV
 * `development` or `test` mounts the development routes and allows development defaults for secrets; any other
 * value, or none, is production, which refuses to start without every secret and production adapter setting.
 */
import { z } from 'zod';
import { MONGO_OPERATION_TIMEOUT_MS, withReplicaSetOptions } from './stores/mongo';
import type { SentinelSettings } from './stores/redis';

const DEV_SECRET = 'development-only-secret-do-not-use-in-production';

const commaList = (list: string) => list.split(',').map((item) => item.trim()).filter(Boolean);

const schema = z.object({
  NODE_ENV: z.string().optional(),
  /** The address to listen on: loopback unless told otherwise (0.0.0.0 or an interface address behind a proxy). */
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** On SIGTERM: how long requests in flight may take to finish before their connections are cut. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  MONGODB_URI: z.string().default('mongodb://127.0.0.1:27017/jszg'),
  /** Replica-set behaviour (stores/mongo.ts MONGO_REPLICA_SET_DEFAULTS), when MONGODB_URI does not name it. */
  MONGODB_WRITE_CONCERN: z.string().regex(/^(majority|\d+)$/, 'majority or a number of members').optional(),
  MONGODB_RETRY_WRITES: z.enum(['true', 'false']).optional(),
  MONGODB_READ_PREFERENCE: z.enum(['primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest']).optional(),
  /** Budget of one MongoDB operation of the server (stores/mongo.ts); past it the request answers 503. */
  MONGODB_OPERATION_TIMEOUT_MS: z.coerce.number().int().min(100).default(MONGO_OPERATION_TIMEOUT_MS),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** A Redis Cluster's seed nodes (comma-separated redis:// URLs); when set, REDIS_URL is not used. */
  REDIS_CLUSTER_NODES: z.string().default('').transform(commaList),
  /**
   * Redis Sentinel: the sentinels (comma-separated `host:port`, or `redis://[user:password@]host:port` when the
   * sentinels and the data nodes they watch require that login) and the name of the master they watch
   * (REDIS_SENTINEL_NAME); when set, REDIS_URL is not used.
   */
  REDIS_SENTINEL_NODES: z.string().default('').transform(commaList),
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  /**
   * Prefix of every Redis key: lets several deployments (or test files) share one Redis. No braces: the Cluster
   * hash tag of a key must be the one the key itself carries.
   */
  REDIS_KEY_PREFIX: z.string().regex(/^[^{}]*$/, 'REDIS_KEY_PREFIX must not contain { or }').default('jszg:'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('中国教师资格网 <noreply@jszg.edu.cn>'),
  /** Public address of the site, used in links sent by mail. */
  PUBLIC_URL: z.string().default('http://127.0.0.1:3000'),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** How many proxies in front of the server append to X-Forwarded-For; the client address is the entry they added. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  INTERNAL_API_TOKEN: z.string().optional(),
  JWT_SECRET: z.string().min(32).optional(),
  /** 32 bytes, base64: key of the authenticated encryption of ID numbers and uploads at rest. */
  DATA_KEY: z.string().optional(),
  /** 32 bytes, base64: key of the blind index (HMAC) used to find and deduplicate ID numbers. */
  INDEX_KEY: z.string().optional(),
  LOG_LEVEL: z.string().default('info'),
  WECHAT_APP_ID: z.string().optional(),
  WECHAT_APP_SECRET: z.string().optional(),
  WECHAT_TOKEN: z.string().optional(),
  WECHAT_ENCODING_AES_KEY: z.string().optional(),
  WECHAT_API_BASE: z.string().optional(),
  /** Web OAuth's authorize page (the menu pages send the browser there); the local emulator's outside production. */
  WECHAT_OAUTH_AUTHORIZE_URL: z.string().optional(),
  /** The template (模板消息) of staff decisions: fields first, keyword1 (result), keyword2 (date), remark. */
  WECHAT_TEMPLATE_ID: z.string().default('dev-decision-template'),
  /** The mini-program's own AppID and secret for jscode2session; the service account's when unset. */
  WECHAT_MINIAPP_APP_ID: z.string().optional(),
  WECHAT_MINIAPP_APP_SECRET: z.string().optional(),
  SMS_API_URL: z.string().optional(),
  SMS_API_KEY: z.string().optional(),
  IDENTITY_API_URL: z.string().optional(),
  IDENTITY_API_KEY: z.string().optional(),
  /** Time allowed for one attempt of the identity check, and how many times a failed attempt is retried. */
  IDENTITY_API_TIMEOUT_MS: z.coerce.number().int().min(100).default(1000),
  IDENTITY_API_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** China's public holidays and make-up working days, for the review deadlines in working days. */
  HOLIDAYS_FILE: z.string().optional(),
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8192).default(19456),
  ARGON2_ITERATIONS: z.coerce.number().int().min(1).default(2),
  OTP_RESEND_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
});

export type Config = {
  production: boolean;
  host: string;
  port: number;
  shutdownGraceMs: number;
  /** MONGODB_URI with the replica-set options (write concern, retryable writes, read preference) spelled out. */
  mongodbUri: string;
  mongodbOperationTimeoutMs: number;
  redisUrl: string;
  /** Empty: one Redis server at redisUrl (or the Sentinel's master). */
  redisClusterNodes: string[];
  /** The sentinels and the master's name, or null: one Redis server at redisUrl (or a Cluster). */
  redisSentinel: SentinelSettings | null;
  redisKeyPrefix: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  trustProxy: boolean;
  /** Proxies trusted to append to X-Forwarded-For (Koa's maxIpsCount). */
  trustProxyHops: number;
  internalApiToken: string | undefined;
  jwtSecret: string;
  dataKey: Buffer;
  indexKey: Buffer;
  logLevel: string;
  wechat: {
    appId: string; appSecret: string; token: string; encodingAesKey: string | undefined;
    /** Unset outside production means this server's own emulator (server.ts). */
    apiBase: string | undefined;
    oauthAuthorizeUrl: string | undefined;
    templateId: string;
    miniapp: { appId: string; appSecret: string };
  };
  sms: { apiUrl: string | undefined; apiKey: string | undefined };
  identity: { apiUrl: string | undefined; apiKey: string | undefined; timeoutMs: number; retries: number };
  holidaysFile: string | undefined;
  argon2: { memoryCost: number; timeCost: number };
  /** Our own policy, not the manual's: the least time between two codes to the same address. */
  otpResendIntervalSeconds: number;
};

function key(value: string | undefined, name: string, production: boolean): Buffer {
  if (value) {
    const buffer = Buffer.from(value, 'base64');
    if (buffer.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
    return buffer;
  }
  if (production) throw new Error(`${name} must be set in production`);
  return Buffer.from(require('node:crypto').createHash('sha256').update(`${DEV_SECRET}:${name}`).digest());
}

/** The only NODE_ENV values that are not production. */
export const DEVELOPMENT_ENVIRONMENTS = ['development', 'test'] as const;

/** What production cannot start without: the secrets and the production adapters' settings. */
const REQUIRED_IN_PRODUCTION = [
  'JWT_SECRET', 'DATA_KEY', 'INDEX_KEY', 'PUBLIC_URL', 'INTERNAL_API_TOKEN', 'SMTP_URL', 'SMS_API_URL', 'SMS_API_KEY',
  'IDENTITY_API_URL', 'IDENTITY_API_KEY', 'WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'WECHAT_TOKEN', 'WECHAT_ENCODING_AES_KEY',
] as const;

export function isProduction(nodeEnv: string | undefined): boolean {
  return !(DEVELOPMENT_ENVIRONMENTS as readonly (string | undefined)[]).includes(nodeEnv);
}

function redisSentinelOf(e: z.infer<typeof schema>): Config['redisSentinel'] {
  if (e.REDIS_SENTINEL_NODES.length === 0) return null;
  if (!e.REDIS_SENTINEL_NAME) throw new Error('REDIS_SENTINEL_NODES needs REDIS_SENTINEL_NAME, the name of the master the sentinels watch');
  if (e.REDIS_CLUSTER_NODES.length > 0) throw new Error('set REDIS_SENTINEL_NODES or REDIS_CLUSTER_NODES, not both');
  return { name: e.REDIS_SENTINEL_NAME, nodes: e.REDIS_SENTINEL_NODES };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = schema.parse(env);
  const production = isProduction(e.NODE_ENV);
  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new Error(`production (NODE_ENV=${e.NODE_ENV ?? 'unset'}) needs ${missing.join(', ')}; `
        + `set NODE_ENV=development or test to run locally with development defaults`);
    }
  }
  return {
    production,
    host: e.HOST,
    port: e.PORT,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    mongodbUri: withReplicaSetOptions(e.MONGODB_URI, {
      w: e.MONGODB_WRITE_CONCERN, retryWrites: e.MONGODB_RETRY_WRITES, readPreference: e.MONGODB_READ_PREFERENCE,
    }),
    mongodbOperationTimeoutMs: e.MONGODB_OPERATION_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    redisClusterNodes: e.REDIS_CLUSTER_NODES,
    redisSentinel: redisSentinelOf(e),
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    trustProxy: e.TRUST_PROXY === '1',
    trustProxyHops: e.TRUST_PROXY_HOPS,
    internalApiToken: e.INTERNAL_API_TOKEN,
    jwtSecret: e.JWT_SECRET ?? `${DEV_SECRET}:jwt`,
    dataKey: key(e.DATA_KEY, 'DATA_KEY', production),
    indexKey: key(e.INDEX_KEY, 'INDEX_KEY', production),
    logLevel: e.LOG_LEVEL,
    wechat: {
      appId: e.WECHAT_APP_ID ?? 'wxdevappid0000000',
      appSecret: e.WECHAT_APP_SECRET ?? 'dev-app-secret',
      token: e.WECHAT_TOKEN ?? 'devtoken',
      encodingAesKey: e.WECHAT_ENCODING_AES_KEY,
      apiBase: e.WECHAT_API_BASE?.replace(/\/$/, '') ?? (production ? 'https://api.weixin.qq.com' : undefined),
      oauthAuthorizeUrl: e.WECHAT_OAUTH_AUTHORIZE_URL ?? (production ? 'https://open.weixin.qq.com/connect/oauth2/authorize' : undefined),
      templateId: e.WECHAT_TEMPLATE_ID,
      miniapp: {
        appId: e.WECHAT_MINIAPP_APP_ID ?? e.WECHAT_APP_ID ?? 'wxdevappid0000000',
        appSecret: e.WECHAT_MINIAPP_APP_SECRET ?? e.WECHAT_APP_SECRET ?? 'dev-app-secret',
      },
    },
    sms: { apiUrl: e.SMS_API_URL, apiKey: e.SMS_API_KEY },
    identity: { apiUrl: e.IDENTITY_API_URL, apiKey: e.IDENTITY_API_KEY, timeoutMs: e.IDENTITY_API_TIMEOUT_MS, retries: e.IDENTITY_API_RETRIES },
    holidaysFile: e.HOLIDAYS_FILE,
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_ITERATIONS },
    otpResendIntervalSeconds: e.OTP_RESEND_INTERVAL_SECONDS,
  };
}
