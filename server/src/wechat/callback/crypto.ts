/**
 * Safe-mode message crypto, as WeChat does it: AES-256-CBC with the 43-character EncodingAESKey (base64 of the
 * key without its '='), the key's first 16 bytes as IV, and a plain text of 16 random bytes, the message length
 * (4 bytes, big-endian), the message and the AppID, padded PKCS#7-style to a multiple of 32 bytes (not 16).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { pooledRandomBytes } from './random-pool';

const BLOCK = 32;

export class WechatCryptoError extends Error {}

export type MessageCrypto = { encrypt(message: string): string; decrypt(encrypted: string): string };

export function createMessageCrypto(encodingAesKey: string, appId: string): MessageCrypto {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new Error('WECHAT_ENCODING_AES_KEY must be 43 characters (32 bytes, base64)');
  const iv = key.subarray(0, 16);
  const expectedAppId = Buffer.from(appId);

  return {
    encrypt(message) {
      const body = Buffer.from(message, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length);
      const plain = Buffer.concat([pooledRandomBytes(16), length, body, expectedAppId]);
      const pad = BLOCK - (plain.length % BLOCK);
      const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
      return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
    },

    /** Returns the inner message; throws WechatCryptoError for a bad cipher text, bad padding or another AppID. */
    decrypt(encrypted) {
      const sealed = Buffer.from(encrypted, 'base64');
      if (sealed.length === 0 || sealed.length % 16 !== 0) throw new WechatCryptoError('cipher text length');
      let plain: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
        plain = Buffer.concat([decipher.update(sealed), decipher.final()]);
      } catch {
        throw new WechatCryptoError('cipher text');
      }
      const pad = plain[plain.length - 1] ?? 0;
      if (pad < 1 || pad > BLOCK || pad > plain.length) throw new WechatCryptoError('padding');
      for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) throw new WechatCryptoError('padding');
      const content = plain.subarray(16, plain.length - pad);
      if (content.length < 4) throw new WechatCryptoError('length');
      const length = content.readUInt32BE(0);
      if (4 + length > content.length) throw new WechatCryptoError('length');
      const fromAppId = content.subarray(4 + length);
      if (!fromAppId.equals(expectedAppId)) throw new WechatCryptoError('appid');
      return content.subarray(4, 4 + length).toString('utf8');
    },
  };
}
