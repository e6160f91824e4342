/**
 * Personal data at rest. ID numbers are encrypted with AES-256-GCM (authenticated: a changed cipher text fails
 * to open) and found through a keyed blind index (HMAC-SHA256), which also carries the unique constraint.
 * The field name is bound into the cipher text as associated data, so a value cannot be moved to another field.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
/** The full 16-byte GCM tag, always: a decipher told nothing would accept a truncated (forgeable) one. */
const TAG_BYTES = 16;
/**
 * IVs are cut from random blocks of this size: each call to the system's random source costs about 16 µs on this
 * machine whatever its size (as much as the rest of a seal), and the legacy import seals a million numbers.
 */
const RANDOM_BLOCK_BYTES = 4096;

/** Fresh random bytes, never handed out twice: a block is drawn whole and replaced, never refilled in place. */
function randomSource(): (bytes: number) => Buffer {
  let block = Buffer.alloc(0);
  let offset = 0;
  return (bytes) => {
    if (offset + bytes > block.length) {
      block = randomBytes(RANDOM_BLOCK_BYTES);
      offset = 0;
    }
    offset += bytes;
    return block.subarray(offset - bytes, offset);
  };
}

export type Pii = {
  encrypt(field: string, plain: string): string;
  decrypt(field: string, sealed: string): string;
  encryptBytes(field: string, plain: Buffer): Buffer;
  decryptBytes(field: string, sealed: Buffer): Buffer;
  blindIndex(field: string, value: string): string;
};

export function createPii(dataKey: Buffer, indexKey: Buffer): Pii {
  const random = randomSource();
  function sealBytes(field: string, plain: Buffer): Buffer {
    const iv = random(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(field));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  function openBytes(field: string, sealed: Buffer): Buffer {
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('cipher text too short');
    const decipher = createDecipheriv('aes-256-gcm', dataKey, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
  return {
    encrypt: (field, plain) => `${VERSION}:${sealBytes(field, Buffer.from(plain, 'utf8')).toString('base64')}`,
    decrypt(field, sealed) {
      const [version, body] = sealed.split(':');
      if (version !== VERSION || !body) throw new Error('unknown cipher text version');
      return openBytes(field, Buffer.from(body, 'base64')).toString('utf8');
    },
    encryptBytes: sealBytes,
    decryptBytes: openBytes,
    blindIndex: (field, value) => createHmac('sha256', indexKey).update(`${field}\0${value}`).digest('base64url'),
  };
}
