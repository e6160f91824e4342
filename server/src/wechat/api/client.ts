/**
 * Calls to WeChat, through `wechat-api` (callback-only: promisified here) pointed at WECHAT_API_BASE by its
 * `endpoint` field (its setEndpoint forces https). Its own token handling is bypassed: it takes no lock and, on
 * 40001, retries with the same stale token. Each call gets the shared token from the TokenStore on a per-call
 * view of the client, and a refused token is replaced once, through stable_token, before the single retry.
 */
import WechatAPI from 'wechat-api';
import type { Logger } from '../../log';
import type { Redis } from '../../stores/redis';
import { WECHAT_API_TIMEOUT_MS } from '../rules';
import { createTokenStore, type TokenStore } from './tokens';

/** access_token 无效 (40001), 已过期 (42001), 不是最新 (40014 for a malformed one). */
const TOKEN_REFUSED = new Set([40001, 40014, 42001]);

export type TemplateData = Record<string, { value: string }>;
export type QrCode = { ticket: string; url: string; expireSeconds: number };

export type WechatApi = {
  sendText(openid: string, text: string): Promise<void>;
  sendTemplate(openid: string, templateId: string, data: TemplateData, url?: string): Promise<void>;
  createSceneQrCode(scene: string, expireSeconds: number): Promise<QrCode>;
  createMenu(menu: unknown): Promise<void>;
  /** The UnionID of a service-account follower (cgi-bin/user/info), or null when WeChat gives none. */
  unionidOf(openid: string): Promise<string | null>;
  tokens: TokenStore;
};

export class WechatApiError extends Error {
  constructor(readonly code: number, message: string) {
    super(`WeChat API error ${code}: ${message}`);
  }
}

export function createWechatApi(deps: {
  appId: string; appSecret: string; apiBase: string; redis: Redis; log: Logger;
}): WechatApi {
  const client = new WechatAPI(deps.appId, deps.appSecret);
  client.setOpts({ timeout: WECHAT_API_TIMEOUT_MS });

  const tokens = createTokenStore({
    redis: deps.redis,
    log: deps.log,
    async fetchStableToken(force) {
      const response = await fetch(`${deps.apiBase}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: deps.appId, secret: deps.appSecret, force_refresh: force }),
        signal: AbortSignal.timeout(WECHAT_API_TIMEOUT_MS),
      });
      const body = (await response.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
      if (!body.access_token || !body.expires_in) throw new WechatApiError(body.errcode ?? response.status, body.errmsg ?? 'no token');
      return { accessToken: body.access_token, expiresIn: body.expires_in };
    },
  });

  function invoke<T>(token: string, call: (view: WechatAPI, done: (error: Error | null, data?: unknown) => void) => void): Promise<T> {
    const view = Object.create(client) as WechatAPI;
    view.endpoint = deps.apiBase;
    view.token = { accessToken: token };
    return new Promise((resolve, reject) => {
      call(view, (error, data) => {
        if (!error) return resolve(data as T);
        const code = (error as { code?: unknown }).code;
        reject(typeof code === 'number' ? new WechatApiError(code, error.message) : error);
      });
    });
  }

  async function withToken<T>(call: (view: WechatAPI, done: (error: Error | null, data?: unknown) => void) => void): Promise<T> {
    const token = await tokens.current();
    try {
      return await invoke<T>(token, call);
    } catch (error) {
      if (!(error instanceof WechatApiError) || !TOKEN_REFUSED.has(error.code)) throw error;
      return invoke<T>(await tokens.replace(token), call);
    }
  }

  return {
    tokens,
    async sendText(openid, text) {
      await withToken((api, done) => api._sendText(openid, text, done));
    },
    async sendTemplate(openid, templateId, data, url = '') {
      await withToken((api, done) => api._sendTemplate(openid, templateId, url, data, done));
    },
    async createSceneQrCode(scene, expireSeconds) {
      const result = await withToken<{ ticket: string; url: string; expire_seconds: number }>(
        (api, done) => api._createTmpQRCode(scene, expireSeconds, done),
      );
      return { ticket: result.ticket, url: result.url, expireSeconds: result.expire_seconds };
    },
    async createMenu(menu) {
      await withToken((api, done) => api._createMenu(menu, done));
    },
    async unionidOf(openid) {
      const user = await withToken<{ unionid?: unknown }>((api, done) => api._getUser(openid, done));
      return typeof user.unionid === 'string' && user.unionid ? user.unionid : null;
    },
  };
}
