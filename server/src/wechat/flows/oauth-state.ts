/**
 * Web OAuth's `state`, bound to the browser (issue 10 item 2): a random value in a short-lived HttpOnly cookie,
 * sent to WeChat with the authorize redirect and compared with the `state` that comes back with the code. A code
 * that comes back to another browser (an attacker's own code in a link sent to a victim) finds no matching
 * cookie and is refused, so nobody can bind a victim's account to the attacker's WeChat.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { OAUTH_STATE_TTL_SECONDS } from '../rules';

export const OAUTH_STATE_COOKIE = 'jszg_wx_state';
/** Only the WeChat session route reads it. */
const COOKIE_PATH = '/api/v1/wechat';

function setStateCookie(ctx: Context, value: string, maxAgeSeconds: number, secure: boolean) {
  const parts = [`${OAUTH_STATE_COOKIE}=${value}`, `Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (secure) parts.push('Secure');
  ctx.append('Set-Cookie', parts.join('; '));
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createOauthState(secureCookies: boolean) {
  return {
    /** A fresh state, set in the browser's cookie; returned for the authorize redirect. */
    issue(ctx: Context): string {
      const state = randomBytes(24).toString('base64url');
      setStateCookie(ctx, state, OAUTH_STATE_TTL_SECONDS, secureCookies);
      return state;
    },
    /** Whether `state` is the one in this browser's cookie; the cookie is cleared either way (one use). */
    consume(ctx: Context, state: string | undefined): boolean {
      const cookie = ctx.cookies.get(OAUTH_STATE_COOKIE) ?? '';
      setStateCookie(ctx, '', 0, secureCookies);
      return !!state && cookie.length > 0 && timingSafeEqual(digest(cookie), digest(state));
    },
  };
}
