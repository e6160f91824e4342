/** The part of wechat-api 1.35 (callback style, no types of its own) the adapter uses. */
declare module 'wechat-api' {
  type Callback = (error: (Error & { code?: number }) | null, data?: unknown) => void;
  class WechatAPI {
    constructor(appId: string, appSecret: string, getToken?: (cb: Callback) => void, saveToken?: (token: unknown, cb: Callback) => void);
    endpoint: string;
    token: { accessToken: string; expireTime?: number };
    setOpts(options: { timeout?: number }): void;
    _sendText(openid: string, text: string, cb: Callback): void;
    _sendTemplate(openid: string, templateId: string, url: string, data: unknown, cb: Callback): void;
    _createTmpQRCode(scene: string, expireSeconds: number, cb: Callback): void;
    _createMenu(menu: unknown, cb: Callback): void;
    _getUser(openid: string, cb: Callback): void;
  }
  export = WechatAPI;
}
