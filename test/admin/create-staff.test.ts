/** scripts/create-staff.ts creates the first admin, who can then log in to the staff site. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, testEnv, type TestServer } from '../support/server';
import { StaffClient } from './staff-client';

const run = promisify(execFile);
let server: TestServer;
const env = testEnv();

beforeAll(async () => { server = await startTestServer({ MONGODB_URI: env.MONGODB_URI!, REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX! }); });
afterAll(async () => { await server.close(); });

it('creates an admin from the command line, password from STAFF_PASSWORD', async () => {
  const root = path.resolve(__dirname, '../..');
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['scripts/create-staff.ts', '--username', 'root', '--name', '系统管理员', '--role', 'admin'], {
    cwd: root, env: { ...process.env, ...env, STAFF_PASSWORD: 'First#Admin2025' },
  });
  expect(stdout).toContain('created admin root');
  const staff = new StaffClient(server.url);
  expect((await staff.login('root', 'First#Admin2025')).location).toBe('/admin/queues/manual-review');
  expect((await staff.get('/admin/staff')).status).toBe(200);
  await expect(run(path.join(root, 'node_modules/.bin/tsx'), ['scripts/create-staff.ts', '--username', 'root', '--name', '又一个'], {
    cwd: root, env: { ...process.env, ...env, STAFF_PASSWORD: 'First#Admin2025' },
  })).rejects.toMatchObject({ stderr: expect.stringContaining('该用户名已存在') });
}, 60_000);
