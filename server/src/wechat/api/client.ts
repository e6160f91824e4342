/**
 * Calls to WeChat through `wechat-api`'s public methods (callback style: promisified here), pointed at
 * WECHAT_API_BASE. Its token hooks (constructor arguments) take the shared TokenStore: before a call it asks for
 * the current token; when WeChat refuses it (its own retry on 40001, or ours on 42001 / 40014) it asks again and
 * gets a replacement, refreshed once through stable_token whichever instance noticed first. Its own token
 * fetch (cgi-bin/token, which would invalidate the token other instances use) is never reached.
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

  /** Runs one call on a client of its own whose token hook remembers the token it handed out. */
  async function withToken<T>(call: (api: WechatAPI, done: (error: Error | null, data?: unknown) => void) => void): Promise<T> {
    let handedOut: string | null = null;
    let asked = 0;
    const getToken = (done: (error: Error | null, token?: { accessToken: string; expireTime: number }) => void) => {
      asked++;
      // Asked again within this call only after WeChat refused the token handed out: replace that one.
      (handedOut === null ? tokens.current() : tokens.replace(handedOut)).then((token) => {
        handedOut = token;
        // The store decides validity; the client only needs a token it will not fetch again for itself.
        done(null, { accessToken: token, expireTime: Date.now() + WECHAT_API_TIMEOUT_MS * 2 });
      }, (error: Error) => done(error));
    };
    const neverFetched = (_token: unknown, done: (error: Error | null) => void) => done(new Error('WeChat tokens come from the TokenStore'));
    const api = new WechatAPI(deps.appId, deps.appSecret, getToken, neverFetched);
    api.setOpts({ timeout: WECHAT_API_TIMEOUT_MS });
    // setEndpoint(domain) only makes https addresses; WECHAT_API_BASE may also be the local emulator over http.
    api.endpoint = deps.apiBase;
    const run = () => new Promise<T>((resolve, reject) => {
      call(api, (error, data) => {
        if (!error) return resolve(data as T);
        const code = (error as { code?: unknown }).code;
        reject(typeof code === 'number' ? new WechatApiError(code, error.message) : error);
      });
    });
    try {
      return await run();
    } catch (error) {
      // wechat-api retries a 40001 by itself, asking the hook again (which replaces the token); the other
      // refusals (42001 expired, 40014 malformed) get that one retry here.
      if (!(error instanceof WechatApiError) || !TOKEN_REFUSED.has(error.code) || asked > 1) throw error;
      return run();
    }
  }

  return {
    tokens,
    async sendText(openid, text) {
      await withToken((api, done) => api.sendText(openid, text, done));
    },
    async sendTemplate(openid, templateId, data, url = '') {
      await withToken((api, done) => api.sendTemplate(openid, templateId, url, data, done));
    },
    async createSceneQrCode(scene, expireSeconds) {
      const result = await withToken<{ ticket: string; url: string; expire_seconds: number }>(
        (api, done) => api.createTmpQRCode(scene, expireSeconds, done),
      );
      return { ticket: result.ticket, url: result.url, expireSeconds: result.expire_seconds };
    },
    async createMenu(menu) {
      await withToken((api, done) => api.createMenu(menu, done));
    },
    async unionidOf(openid) {
      const user = await withToken<{ unionid?: unknown }>((api, done) => api.getUser(openid, done));
      return typeof user.unionid === 'string' && user.unionid ? user.unionid : null;
    },
  };
}
