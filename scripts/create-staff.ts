/**
 * Creates a staff account of the review site (the first admin, typically):
 *   STAFF_PASSWORD='…' npx tsx scripts/create-staff.ts --username admin --name 管理员 [--role admin|reviewer]
 * The password comes from STAFF_PASSWORD (or is asked for on the terminal), never from the command line, so it
 * stays out of the shell history. Uses the same MONGODB_URI and ARGON2_* settings as the server.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createPasswordHasher } from '../server/src/accounts/passwords';
import { createStaffService } from '../server/src/admin/staff';
import { loadConfig } from '../server/src/config';
import { createLogger } from '../server/src/log';
import { AppError } from '../server/src/http/errors';
import { connectMongo, ensureIndexes, MONGO_BULK_OPERATION_TIMEOUT_MS } from '../server/src/stores/mongo';
import { closeRedis, connectRedis, redisEndpoint, redisReady } from '../server/src/stores/redis';
import { STAFF_ROLES, staffModel, type StaffRole } from '../server/src/stores/staff';

async function askPassword(): Promise<string> {
  if (process.env.STAFF_PASSWORD) return process.env.STAFF_PASSWORD;
  if (!process.stdin.isTTY) throw new Error('set STAFF_PASSWORD or run in a terminal');
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const password = await terminal.question('Password (12+ characters with letters, digits and a symbol): ');
  terminal.close();
  return password;
}

async function main() {
  const { values } = parseArgs({ options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'admin' } } });
  if (!values.username || !values.name) throw new Error('usage: create-staff --username <username> --name <display name> [--role admin|reviewer]');
  if (!(STAFF_ROLES as readonly string[]).includes(values.role ?? '')) throw new Error(`role must be one of ${STAFF_ROLES.join(', ')}`);
  const config = loadConfig();
  const log = createLogger('warn');
  const mongo = await connectMongo(config.mongodbUri, MONGO_BULK_OPERATION_TIMEOUT_MS);
  const redis = connectRedis(redisEndpoint(config), config.redisKeyPrefix, log);
  try {
    await redisReady(redis);
    const staff = staffModel(mongo);
    await ensureIndexes(mongo);
    const service = createStaffService({ staff, passwords: createPasswordHasher(config.argon2), redis });
    const created = await service.create({
      username: values.username, displayName: values.name, role: values.role as StaffRole, password: await askPassword(),
    });
    console.log(`created ${created.role} ${created.username} (${created.displayName})`);
  } finally {
    await mongo.close();
    await closeRedis(redis);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError ? error.message : error);
  process.exit(1);
});
