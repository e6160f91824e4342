/** WeChat's push signatures: sha1 of the sorted token, timestamp, nonce (and, in safe mode, the cipher text). */
import { createHash, timingSafeEqual } from 'node:crypto';

export function wechatSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

export function signatureMatches(given: unknown, ...parts: string[]): boolean {
  if (typeof given !== 'string' || given.length !== 40) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase()), Buffer.from(wechatSignature(...parts)));
}

/** A timestamp in seconds within `maxAgeSeconds` of now, either way. */
export function isFresh(timestamp: unknown, maxAgeSeconds: number, nowMs = Date.now()): boolean {
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= maxAgeSeconds;
}
