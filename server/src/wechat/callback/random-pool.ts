/**
 * Random bytes for the callback's hot path (the 16-byte prefix of every encrypted reply, reply nonces), taken from
 * a pool filled by one CSPRNG call at a time: a getrandom call per reply cost more than the AES work itself.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 64 * 1024;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

export function pooledRandomBytes(size: number): Buffer {
  if (offset + size > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return bytes;
}
