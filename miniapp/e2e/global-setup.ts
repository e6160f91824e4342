/**
 * Without APP_URL, starts a server the way the server's own tests do (run-owned FerretDB and Redis, the
 * real server on a free port, not production so /dev and the WeChat emulator are mounted) and hands its address to the
 * tests through APP_URL, with a staff account for the tests that decide on /admin (E2E_STAFF_USERNAME,
 * E2E_STAFF_PASSWORD; set them yourself with APP_URL). Loaded only then, so testing against a given APP_URL needs nothing of the server's.
 */
import { createServer, type AddressInfo } from 'node:net';
import type { TestServer } from '../../test/support/server';

declare global {
  // eslint-disable-next-line no-var
  var __miniappE2eServer: TestServer | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.APP_URL) return;
  const { default: startTestServices } = await import('../../test/support/global-setup');
  const { startTestServer } = await import('../../test/support/server');
  await startTestServices();
  // WeChat web OAuth returns the browser to PUBLIC_URL + the page, so the server must know its own address.
  const port = await freePort();
  const server = await startTestServer({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  globalThis.__miniappE2eServer = server;
  process.env.APP_URL = server.url;
  // A reviewer for the tests that have staff decide on /admin (recovery.e2e.ts, identity.e2e.ts).
  process.env.E2E_STAFF_USERNAME = 'e2e-reviewer';
  process.env.E2E_STAFF_PASSWORD = 'Review#Pass2025';
  await server.services.staff.create({
    username: process.env.E2E_STAFF_USERNAME, displayName: '审核员乙', role: 'reviewer', password: process.env.E2E_STAFF_PASSWORD,
  });
}
