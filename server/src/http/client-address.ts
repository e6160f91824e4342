/**
 * The client's address, for per-address limits. Behind TRUST_PROXY_HOPS trusted proxies (TRUST_PROXY=1), it is
 * the entry the outermost trusted proxy added to X-Forwarded-For, counted from the right (Koa's `proxy` and
 * `maxIpsCount`): whatever the client wrote itself sits further left and is never read. Without TRUST_PROXY it
 * is the socket's peer.
 */
import type { Context } from 'koa';

export function proxySettings(trustProxy: boolean, hops: number): { proxy: boolean; maxIpsCount: number } {
  return { proxy: trustProxy, maxIpsCount: trustProxy ? hops : 0 };
}

export function clientAddress(ctx: Context): string {
  return ctx.ip || ctx.socket.remoteAddress || 'unknown';
}
