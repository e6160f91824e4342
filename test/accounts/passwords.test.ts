/**
 * Hashes stored before the switch to @node-rs/argon2 keep working: these PHC strings were made by the `argon2`
 * package (0.45, which writes its parameters in the order m, p, t) and are verified here by the server's hasher;
 * then a login over HTTP with an account whose stored hash is one of them.
 */
import { createPasswordHasher } from '../../server/src/accounts/passwords';
import { ApiClient, login, registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';

/** Made by argon2 0.45: argon2.hash('Abc12345#', { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 }). */
const FROM_ARGON2_DEFAULT = '$argon2id$v=19$m=19456,p=1,t=2$XIBg3DQ9+6em5v4XEzrtBA$9BV1J1SOjRAEmhLVL0r3nx0oiW7ZyOGu0cdbTVSp50g';
/** Made by argon2 0.45 with other costs: the verifier must take them from the string, not from its settings. */
const FROM_ARGON2_COSTLIER = '$argon2id$v=19$m=65536,p=4,t=3$rmBQqDA4O0dtgmnFKzV7Zw$M50exS8x8j1ZmW6k8Xb2z4qWcVHjhrMfx/4//+Izx04';

const hasher = createPasswordHasher({ memoryCost: 19456, timeCost: 2 });

test('PHC strings made by the argon2 package verify, and only with their password', async () => {
  expect(await hasher.verify(FROM_ARGON2_DEFAULT, 'Abc12345#')).toBe(true);
  expect(await hasher.verify(FROM_ARGON2_DEFAULT, 'Abc12345$')).toBe(false);
  expect(await hasher.verify(FROM_ARGON2_COSTLIER, '旧密码Abc1#')).toBe(true);
  expect(await hasher.verify(FROM_ARGON2_COSTLIER, '旧密码Abc1$')).toBe(false);
});

test('new hashes are argon2id with the configured costs and a fresh salt', async () => {
  const [first, second] = await Promise.all([hasher.hash('Abc12345#'), hasher.hash('Abc12345#')]);
  expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(first).not.toBe(second);
  expect(await hasher.verify(first, 'Abc12345#')).toBe(true);
  await expect(hasher.verifyNothing('Abc12345#')).resolves.toBeUndefined();
});

describe('over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  test('an account whose stored hash was made by the argon2 package logs in', async () => {
    const { applicant } = await registeredApplicant(server.url, { password: 'Other123#' });
    expect((await login(new ApiClient(server.url), applicant.idNumber, 'Abc12345#')).status).toBe(401);
    const accountId = server.deps.directory.idIndexOf(applicant.idNumber);
    await server.deps.accounts.updateOne({ _id: accountId }, { $set: { passwordHash: FROM_ARGON2_DEFAULT } });
    expect((await login(new ApiClient(server.url), applicant.idNumber, 'Abc12345#')).status).toBe(200);
  });
});
