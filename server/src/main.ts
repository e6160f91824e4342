/** Reads the configuration, connects the stores and listens. Nothing else. */
import { loadConfig } from './config';
import { createLogger } from './log';
import { startServer } from './server';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const running = await startServer(config, log);
  log.info({ address: running.url, production: config.production }, `listening on ${running.url}`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
