/**
 * Who the WeChat user is: web OAuth (the service account's pages, snsapi_base) and jscode2session (the
 * mini-program's wx.login), each with the UnionID when WeChat gives it. One GET each on the same base address as
 * the rest of the API.
 */
import { AppError, UnavailableError } from '../../http/errors';
import { TEXT, WECHAT_API_TIMEOUT_MS } from '../rules';

type Credentials = { appId: string; appSecret: string };

/** 40029 invalid code, 40163 code already used, 40226 risky user. */
const CODE_REFUSED = new Set([40029, 40163, 40226]);

export class CodeRefusedError extends AppError {
  constructor() {
    super('UNAUTHENTICATED', TEXT.sessionExpired);
  }
}

/** Who WeChat says the user is: the openid in that app, and the UnionID when the apps share an open-platform account. */
export type WechatIdentity = { openid: string; unionid: string | null };

export type OauthClient = {
  webIdentity(code: string): Promise<WechatIdentity>;
  miniappIdentity(code: string): Promise<WechatIdentity>;
};

export function createOauthClient(deps: { apiBase: string; serviceAccount: Credentials; miniapp: Credentials }): OauthClient {
  async function identityFrom(path: string, query: Record<string, string>): Promise<WechatIdentity> {
    let body: { openid?: string; unionid?: string; errcode?: number };
    try {
      const response = await fetch(`${deps.apiBase}${path}?${new URLSearchParams(query)}`, { signal: AbortSignal.timeout(WECHAT_API_TIMEOUT_MS) });
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new UnavailableError('wechat', error);
    }
    if (typeof body.openid === 'string' && body.openid) {
      return { openid: body.openid, unionid: typeof body.unionid === 'string' && body.unionid ? body.unionid : null };
    }
    if (body.errcode !== undefined && CODE_REFUSED.has(body.errcode)) throw new CodeRefusedError();
    throw new UnavailableError('wechat');
  }

  return {
    webIdentity: (code) => identityFrom('/sns/oauth2/access_token', {
      appid: deps.serviceAccount.appId, secret: deps.serviceAccount.appSecret, code, grant_type: 'authorization_code',
    }),
    miniappIdentity: (code) => identityFrom('/sns/jscode2session', {
      appid: deps.miniapp.appId, secret: deps.miniapp.appSecret, js_code: code, grant_type: 'authorization_code',
    }),
  };
}
