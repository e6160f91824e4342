/**
 * Starts the real server for a test file: over HTTP on a free port, against the run's FerretDB (a database of
 * its own) and Redis (a key prefix of its own), behind TRUST_PROXY so each test client can have its address.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/log';
import { startServer, type RunningServer } from '../../server/src/server';

export type TestServer = RunningServer;

export function testEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const id = randomBytes(6).toString('hex');
  const mongo = process.env.TEST_MONGODB_URL;
  const redis = process.env.TEST_REDIS_URL;
  if (!mongo || !redis) throw new Error('the test services are not running (jest globalSetup)');
  return {
    NODE_ENV: 'test',
    PORT: '0',
    MONGODB_URI: `${mongo}/t_${id}`,
    REDIS_URL: redis,
    REDIS_KEY_PREFIX: `t_${id}:`,
    TRUST_PROXY: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    INTERNAL_API_TOKEN: 'test-internal-token',
    OTP_RESEND_INTERVAL_SECONDS: '0',
    ...overrides,
  };
}

export async function startTestServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig(testEnv(overrides));
  return startServer(config, createLogger(config.logLevel));
}
