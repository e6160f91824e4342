/**
 * Which WeChat user belongs to which account: one to one both ways (two unique indexes carry it). Bound by a
 * registration with a WeChat code, by scanning the personal centre's temporary QR code (a scene in Redis), or
 * in the mini-program with document number and password. Either side can unbind.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../http/errors';
import type { Logger } from '../../log';
import { isDuplicateKey } from '../../stores/accounts';
import type { Redis } from '../../stores/redis';
import type { WechatBindingModel } from '../../stores/wechat-bindings';
import type { WechatApi } from '../api/client';
import { BIND_QR_TTL_SECONDS, TEXT } from '../rules';

/** Scenes of binding QR codes start with this; WeChat allows 64 characters of scene_str. */
export const BIND_SCENE_PREFIX = 'bind:';
const sceneKey = (scene: string) => `wechat-bind-scene:${scene}`;

export function createWechatBindings(deps: { redis: Redis; wechatBindings: WechatBindingModel; wechatApi: WechatApi; log: Logger }) {
  async function bind(openid: string, accountId: string): Promise<void> {
    const existing = await deps.wechatBindings.findOne({ $or: [{ openid }, { accountId: accountId }] }).lean();
    if (existing) {
      if (existing.openid === openid && existing.accountId.toString() === accountId) return;
      throw new AppError('WECHAT_BOUND', existing.openid === openid ? TEXT.openidTaken : TEXT.accountTaken);
    }
    try {
      await deps.wechatBindings.create({ openid, accountId: accountId });
    } catch (error) {
      // A concurrent binding of the same WeChat user or account won the unique index.
      if (isDuplicateKey(error)) throw new AppError('WECHAT_BOUND', TEXT.openidTaken);
      throw error;
    }
  }

  return {
    bind,

    async accountOf(openid: string): Promise<string | null> {
      const binding = await deps.wechatBindings.findOne({ openid }).lean();
      return binding ? binding.accountId.toString() : null;
    },

    async openidOf(accountId: string): Promise<string | null> {
      const binding = await deps.wechatBindings.findOne({ accountId: accountId }).lean();
      return binding?.openid ?? null;
    },

    async unbindOpenid(openid: string): Promise<boolean> {
      return (await deps.wechatBindings.deleteOne({ openid })).deletedCount > 0;
    },

    async unbindAccount(accountId: string): Promise<boolean> {
      return (await deps.wechatBindings.deleteOne({ accountId: accountId })).deletedCount > 0;
    },

    /** A temporary QR code whose scan binds the scanning WeChat user to this (logged-in) account. */
    async bindingQrCode(accountId: string) {
      const scene = BIND_SCENE_PREFIX + randomBytes(18).toString('base64url');
      await deps.redis.set(sceneKey(scene), accountId, 'EX', BIND_QR_TTL_SECONDS);
      const qr = await deps.wechatApi.createSceneQrCode(scene, BIND_QR_TTL_SECONDS);
      return { ticket: qr.ticket, url: qr.url, expiresIn: Math.min(qr.expireSeconds, BIND_QR_TTL_SECONDS) };
    },

    /** A scan of a binding QR code (subscribe with qrscene_<scene>, or SCAN with <scene>): the text to answer. */
    async scanned(openid: string, scene: string): Promise<string> {
      const accountId = await deps.redis.getdel(sceneKey(scene));
      if (!accountId) return TEXT.bindExpired;
      try {
        await bind(openid, accountId);
        return TEXT.bound;
      } catch (error) {
        if (error instanceof AppError) return error.message;
        throw error;
      }
    },
  };
}

export type WechatBindings = ReturnType<typeof createWechatBindings>;
