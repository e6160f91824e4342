/** The part of wechat-api 1.35 (callback style, no types of its own) the adapter uses: its public methods. */
declare module 'wechat-api' {
  type Callback = (error: (Error & { code?: number }) | null, data?: unknown) => void;
  /** What its token hooks pass around: the token and when it stops being valid (ms since the epoch). */
  type AccessToken = { accessToken: string; expireTime: number };
  class WechatAPI {
    /**
     * `getToken` is asked for the token before each call and again when WeChat answers 40001 (its one retry);
     * `saveToken` stores a token it fetched itself (only when `getToken` gives none that is valid).
     */
    constructor(
      appId: string, appSecret: string,
      getToken?: (cb: (error: Error | null, token?: AccessToken) => void) => void,
      saveToken?: (token: AccessToken, cb: (error: Error | null) => void) => void,
    );
    /** Base of every API address; setEndpoint(domain) sets it to https://domain. */
    endpoint: string;
    setEndpoint(domain: string): void;
    setOpts(options: { timeout?: number }): void;
    sendText(openid: string, text: string, cb: Callback): void;
    sendTemplate(openid: string, templateId: string, url: string, data: unknown, cb: Callback): void;
    createTmpQRCode(scene: string, expireSeconds: number, cb: Callback): void;
    createMenu(menu: unknown, cb: Callback): void;
    getUser(openid: string, cb: Callback): void;
  }
  export = WechatAPI;
}
