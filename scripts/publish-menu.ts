/**
 * Publishes the service account's menu from config/wechat-menu.json through the same WeChat adapter the server
 * uses, with the access token shared in Redis. ${PUBLIC_URL} and ${MINIAPP_APP_ID} are filled in: each item opens
 * the mini-program's page, and WeChat versions without mini-programs open its H5 address (`url`).
 *   npx tsx scripts/publish-menu.ts            (WECHAT_API_BASE, WECHAT_APP_ID, WECHAT_APP_SECRET, REDIS_URL, PUBLIC_URL)
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../server/src/config';
import { projectPath } from '../server/src/project-root';
import { createLogger } from '../server/src/log';
import { closeRedis, connectRedis, redisEndpoint, redisReady } from '../server/src/stores/redis';
import { createWechatApi } from '../server/src/wechat/api/client';

export const MENU_FILE = projectPath('config', 'wechat-menu.json');

/** The menu with the site's public address and the mini-program's app id filled in. */
export function menuFor(publicUrl: string, miniappAppId: string, file = MENU_FILE): unknown {
  return JSON.parse(readFileSync(file, 'utf8').replaceAll('${PUBLIC_URL}', publicUrl).replaceAll('${MINIAPP_APP_ID}', miniappAppId));
}

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const apiBase = config.wechat.apiBase;
  if (!apiBase) throw new Error('set WECHAT_API_BASE (the local emulator is at <server>/dev/wechat-api)');
  const redis = connectRedis(redisEndpoint(config), config.redisKeyPrefix, log);
  await redisReady(redis);
  try {
    const api = createWechatApi({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, apiBase, redis, log });
    await api.createMenu(menuFor(config.publicUrl, config.wechat.miniapp.appId));
    log.info({ publicUrl: config.publicUrl }, 'menu published');
  } finally {
    await closeRedis(redis);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
