/**
 * Which WeChat person belongs to which account: one to one both ways, keyed on the UnionID so a binding made in
 * the mini-program holds in the service account and back (stores/wechat-bindings.ts). Bound by a registration
 * with a WeChat code, by scanning the personal centre's temporary QR code (a scene in Redis), or in the
 * mini-program or H5 app with document number and password. Either side can unbind.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../http/errors';
import type { Hook } from '../../hooks';
import type { Logger } from '../../log';
import type { Registered } from '../../registration/service';
import type { Redis } from '../../stores/redis';
import { userKeyOf, type WechatApp, type WechatBindingStore } from '../../stores/wechat-bindings';
import type { WechatApi } from '../api/client';
import { BIND_QR_TTL_SECONDS, TEXT } from '../rules';

/** Scenes of binding QR codes start with this; WeChat allows 64 characters of scene_str. */
export const BIND_SCENE_PREFIX = 'bind:';
const sceneKey = (scene: string) => `wechat-bind-scene:${scene}`;

export function createWechatBindings(deps: { redis: Redis; store: WechatBindingStore; wechatApi: WechatApi; log: Logger }) {
  async function bind(userKey: string, accountId: string): Promise<void> {
    const outcome = await deps.store.bind(userKey, accountId);
    if (outcome === 'user-taken') throw new AppError('WECHAT_BOUND', TEXT.openidTaken);
    if (outcome === 'account-taken') throw new AppError('WECHAT_BOUND', TEXT.accountTaken);
  }

  /**
   * The person behind a service-account openid (pushes carry only that): remembered from an earlier visit, or
   * asked of WeChat (user/info gives the UnionID of a follower), or, without a UnionID, the openid itself.
   */
  async function serviceUser(openid: string): Promise<string> {
    const known = await deps.store.userKeyOfOpenid('service', openid);
    if (known) return known;
    let unionid: string | null = null;
    try {
      unionid = await deps.wechatApi.unionidOf(openid);
    } catch (error) {
      deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'wechat user/info failed');
    }
    const userKey = userKeyOf('service', openid, unionid);
    await deps.store.rememberOpenid(userKey, ['service'], openid);
    return userKey;
  }

  return {
    bind,
    serviceUser,
    accountOf: (userKey: string) => deps.store.accountOf(userKey),
    unbindUser: (userKey: string) => deps.store.unbindUser(userKey),
    unbindAccount: (accountId: string) => deps.store.unbindAccount(accountId),

    /** The openid in one app of the person bound to the account, for messages; null when unbound or never seen there. */
    async openidOf(accountId: string, app: WechatApp = 'service'): Promise<string | null> {
      const userKey = await deps.store.userOf(accountId);
      return userKey ? deps.store.openidIn(userKey, app) : null;
    },

    async isBound(accountId: string): Promise<boolean> {
      return (await deps.store.userOf(accountId)) !== null;
    },

    /** A temporary QR code whose scan binds the scanning WeChat user to this (logged-in) account. */
    async bindingQrCode(accountId: string) {
      const scene = BIND_SCENE_PREFIX + randomBytes(18).toString('base64url');
      await deps.redis.set(sceneKey(scene), accountId, { expiration: { type: 'EX', value: BIND_QR_TTL_SECONDS } });
      const qr = await deps.wechatApi.createSceneQrCode(scene, BIND_QR_TTL_SECONDS);
      return { ticket: qr.ticket, url: qr.url, expiresIn: Math.min(qr.expireSeconds, BIND_QR_TTL_SECONDS) };
    },

    /** A scan of a binding QR code (subscribe with qrscene_<scene>, or SCAN with <scene>): the text to answer. */
    async scanned(openid: string, scene: string): Promise<string> {
      const accountId = await deps.redis.getDel(sceneKey(scene));
      if (!accountId) return TEXT.bindExpired;
      try {
        await bind(await serviceUser(openid), accountId);
        return TEXT.bound;
      } catch (error) {
        if (error instanceof AppError) return error.message;
        throw error;
      }
    },

    /** 解除绑定 from the service account's menu. */
    async unbindServiceUser(openid: string): Promise<boolean> {
      return deps.store.unbindUser(await serviceUser(openid));
    },
  };
}

export type WechatBindings = ReturnType<typeof createWechatBindings>;

/**
 * A hook of registration: 微信扫码验证 binds the WeChat user who fetched the code to the new account, under the
 * binding rules. A user already bound to another account stays so; the registration itself stands.
 */
export function bindAfterRegistration(bindings: WechatBindings): Hook<Registered> {
  return async ({ accountId, wechatUser }) => {
    if (!wechatUser) return;
    try {
      await bindings.bind(wechatUser, accountId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'WECHAT_BOUND')) throw error;
    }
  };
}
