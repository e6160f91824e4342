/**
 * Without APP_URL, starts a server the way the server's own tests do (run-owned FerretDB and Redis, the
 * real server on a free port, not production so /dev and /app are mounted) and hands its address to the
 * tests through APP_URL. Loaded only then, so testing against a given APP_URL needs nothing of the server's.
 */
import type { TestServer } from '../../test/support/server';

declare global {
  // eslint-disable-next-line no-var
  var __miniappE2eServer: TestServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.APP_URL) return;
  const { default: startTestServices } = await import('../../test/support/global-setup');
  const { startTestServer } = await import('../../test/support/server');
  await startTestServices();
  const server = await startTestServer();
  globalThis.__miniappE2eServer = server;
  process.env.APP_URL = server.url;
  // A reviewer for the tests that decide a case on the staff site (/admin), as scripts/create-staff.ts would make one.
  const reviewer = { username: 'e2e-reviewer', password: 'Review#E2e2025' };
  await server.services.review.staffService.create({ ...reviewer, displayName: '端到端审核员', role: 'reviewer' });
  process.env.E2E_STAFF_USERNAME = reviewer.username;
  process.env.E2E_STAFF_PASSWORD = reviewer.password;
}
