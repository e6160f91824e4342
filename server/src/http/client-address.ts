/**
 * The client's address, for per-address limits. Behind a load balancer (TRUST_PROXY=1) it is the left-most
 * X-Forwarded-For entry; otherwise the socket's peer, so a client cannot choose its own address.
 */
import type { Context } from 'koa';

export function clientAddress(ctx: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = ctx.get('x-forwarded-for').split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return ctx.socket.remoteAddress ?? 'unknown';
}
