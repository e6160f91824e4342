/**
 * The connected stores, made once at start: configuration, logger, MongoDB and Redis with the models and stores
 * on them. The composition root (composition.ts) builds the adapters and services on top of these.
 */
import type { Connection } from 'mongoose';
import type { Config } from './config';
import type { Logger } from './log';
import { createOutbox, type Outbox } from './dev/outbox';
import { createAccountDirectory, type AccountDirectory } from './accounts/lookup';
import { accountModel, type AccountModel } from './stores/accounts';
import { connectMongo } from './stores/mongo';
import { createPii, type Pii } from './stores/pii';
import { closeRedis, connectRedis, redisEndpoint, redisReady, type Redis } from './stores/redis';
import { createWechatBindingStore, type WechatBindingStore } from './stores/wechat-bindings';

export type Deps = {
  config: Config;
  log: Logger;
  mongo: Connection;
  redis: Redis;
  pii: Pii;
  accounts: AccountModel;
  /** Finds accounts by document number (blind index) with one `_id` read. */
  directory: AccountDirectory;
  /** WeChat person ↔ account bindings and each person's openids, all by `_id`. */
  wechatBindings: WechatBindingStore;
  /** Null in production: nothing is recorded and /dev routes are not mounted. */
  outbox: Outbox | null;
};

export async function createDeps(config: Config, log: Logger): Promise<Deps> {
  const redis = connectRedis(redisEndpoint(config), config.redisKeyPrefix, log);
  await redisReady(redis);
  const mongo = await connectMongo(config.mongodbUri, config.mongodbOperationTimeoutMs);
  const outbox = config.production ? null : createOutbox(redis);
  const pii = createPii(config.dataKey, config.indexKey);
  const accounts = accountModel(mongo);
  const deps: Deps = {
    config,
    log,
    mongo,
    redis,
    pii,
    accounts,
    directory: createAccountDirectory(accounts, pii),
    wechatBindings: createWechatBindingStore(mongo),
    outbox,
  };
  return deps;
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.mongo.close();
  await closeRedis(deps.redis);
}
