/**
 * WeChat sessions: the mini-program's wx.login code or the H5 app's web-OAuth code is exchanged for a
 * short-lived opaque token kept in Redis (only its hash is a key). Who the user is — the person (UnionID, when
 * WeChat gives it), the app and its openid — stays on the server; the person's openid in that app is remembered,
 * so an account bound in one app is the same binding in the other.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import type { AppState } from '../../http/context';
import { AppError } from '../../http/errors';
import type { Redis } from '../../stores/redis';
import { userKeyOf, type WechatApp, type WechatBindingStore } from '../../stores/wechat-bindings';
import type { OauthClient } from '../api/oauth';
import { TEXT, WECHAT_SESSION_TTL_SECONDS } from '../rules';

const sessionKey = (token: string) => `wechat-session:${createHash('sha256').update(token).digest('base64url')}`;

/** A WeChat user as a session knows it: the person (`key`), and the app and openid the session came from. */
export type WechatUser = { key: string; app: WechatApp; openid: string };

export type WechatState = AppState & { wechat?: WechatUser };

export function createWechatSessions(deps: {
  redis: Redis; oauth: OauthClient; bindings: WechatBindingStore;
  /** The mini-program and the service account are one app (WECHAT_MINIAPP_APP_ID unset): one openid serves both. */
  oneApp: boolean;
}) {
  async function check(token: string): Promise<WechatUser> {
    const stored = await deps.redis.get(sessionKey(token));
    if (!stored) throw new AppError('UNAUTHENTICATED', TEXT.sessionExpired);
    return JSON.parse(stored) as WechatUser;
  }

  return {
    async start(code: string, via: 'miniapp' | 'web') {
      const app: WechatApp = via === 'web' ? 'service' : 'miniapp';
      const identity = via === 'web' ? await deps.oauth.webIdentity(code) : await deps.oauth.miniappIdentity(code);
      const user: WechatUser = { key: userKeyOf(app, identity.openid, identity.unionid), app, openid: identity.openid };
      const apps: WechatApp[] = deps.oneApp ? ['service', 'miniapp'] : [app];
      await deps.bindings.rememberOpenid(user.key, apps, identity.openid);
      const token = randomBytes(32).toString('base64url');
      await deps.redis.set(sessionKey(token), JSON.stringify(user), { expiration: { type: 'EX', value: WECHAT_SESSION_TTL_SECONDS } });
      const bound = (await deps.bindings.accountOf(user.key)) !== null;
      return { token, expiresIn: WECHAT_SESSION_TTL_SECONDS, bound, user };
    },
    check,
    /** Requires `Authorization: Bearer <WeChat session token>` and puts the WeChat user on ctx.state.wechat. */
    required(): Middleware<WechatState> {
      return async (ctx, next) => {
        const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
        if (!match?.[1]) throw new AppError('UNAUTHENTICATED', TEXT.sessionExpired);
        ctx.state.wechat = await check(match[1]);
        await next();
      };
    },
  };
}

export type WechatSessions = ReturnType<typeof createWechatSessions>;
