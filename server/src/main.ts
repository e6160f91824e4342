/** Reads the configuration, connects the stores and listens; on SIGTERM or SIGINT drains and exits 0. */
import { loadConfig } from './config';
import { createLogger } from './log';
import { startServer } from './server';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const running = await startServer(config, log);
  log.info({ address: running.url, production: config.production }, `listening on ${running.url}`);
  const stop = async (signal: NodeJS.Signals) => {
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: finishing requests in flight');
    try {
      await running.close();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
