/**
 * WeChat sessions: the mini-program's wx.login code or a menu page's web-OAuth code is exchanged for a
 * short-lived opaque token kept in Redis (only its hash is a key). The openid stays on the server.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import type { AppState } from '../../http/context';
import { AppError } from '../../http/errors';
import type { Redis } from '../../stores/redis';
import type { WechatBindingModel } from '../../stores/wechat-bindings';
import type { OauthClient } from '../api/oauth';
import { TEXT, WECHAT_SESSION_TTL_SECONDS } from '../rules';

const sessionKey = (token: string) => `wechat-session:${createHash('sha256').update(token).digest('base64url')}`;

export type WechatState = AppState & { openid?: string };

export function createWechatSessions(deps: { redis: Redis; oauth: OauthClient; wechatBindings: WechatBindingModel }) {
  async function openidOf(code: string, via: 'miniapp' | 'web'): Promise<string> {
    return via === 'web' ? deps.oauth.webOpenid(code) : deps.oauth.miniappOpenid(code);
  }

  async function check(token: string): Promise<string> {
    const openid = await deps.redis.get(sessionKey(token));
    if (!openid) throw new AppError('UNAUTHENTICATED', TEXT.sessionExpired);
    return openid;
  }

  return {
    async start(code: string, via: 'miniapp' | 'web') {
      const openid = await openidOf(code, via);
      const token = randomBytes(32).toString('base64url');
      await deps.redis.set(sessionKey(token), openid, 'EX', WECHAT_SESSION_TTL_SECONDS);
      const bound = (await deps.wechatBindings.exists({ openid })) !== null;
      return { token, expiresIn: WECHAT_SESSION_TTL_SECONDS, bound, openid };
    },
    check,
    /** Requires `Authorization: Bearer <WeChat session token>` and puts the openid on ctx.state.openid. */
    required(): Middleware<WechatState> {
      return async (ctx, next) => {
        const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
        if (!match?.[1]) throw new AppError('UNAUTHENTICATED', TEXT.sessionExpired);
        ctx.state.openid = await check(match[1]);
        await next();
      };
    },
  };
}

export type WechatSessions = ReturnType<typeof createWechatSessions>;
