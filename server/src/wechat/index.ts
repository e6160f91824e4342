/** The service account's parts, built once from the dependencies, and its routers. */
import type { CaptchaService } from '../captcha/service';
import type { CodeService } from '../codes/service';
import type { Deps } from '../deps';
import type { AppRouter } from '../http/context';
import type { createLoginService } from '../login/service';
import type { ResetFlows } from '../recovery/flows';
import type { RecoveryService } from '../recovery/service';
import { createWechatResetStrategy } from '../recovery/strategies/wechat';
import type { SessionService } from '../sessions/service';
import type { Middleware } from 'koa';
import type { AppState } from '../http/context';
import { createWechatApi } from './api/client';
import { createOauthClient } from './api/oauth';
import { createMessageCrypto } from './callback/crypto';
import { createPushDedupe } from './callback/dedupe';
import { createMessageHandler } from './callback/messages';
import { callbackRoutes } from './callback/routes';
import { createWechatBindings } from './flows/bindings';
import { createWechatNotifier } from './flows/notify';
import { createWechatOtp } from './flows/otp';
import { createWechatSessions } from './flows/sessions';
import { wechatRoutes } from './routes';

export function createWechatServices(deps: Deps, services: {
  codes: CodeService; recovery: RecoveryService; flows: ResetFlows;
}) {
  const { config } = deps;
  const apiBase = () => {
    if (!config.wechat.apiBase) throw new Error('WECHAT_API_BASE is not set');
    return config.wechat.apiBase;
  };
  const api = createWechatApi({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, apiBase, redis: deps.redis, log: deps.log });
  const oauth = createOauthClient({ apiBase, serviceAccount: config.wechat, miniapp: config.wechat.miniapp });
  const bindings = createWechatBindings({ redis: deps.redis, store: deps.wechatBindings, wechatApi: api, log: deps.log });
  return {
    api,
    apiBase,
    authorizeUrl: () => config.wechat.oauthAuthorizeUrl ?? `${apiBase()}/connect/oauth2/authorize`,
    sessions: createWechatSessions({
      redis: deps.redis, oauth, bindings: deps.wechatBindings, oneApp: config.wechat.miniapp.appId === config.wechat.appId,
    }),
    bindings,
    otp: createWechatOtp({ ...deps, codes: services.codes, wechatApi: api, bindings, store: deps.wechatBindings }),
    reset: createWechatResetStrategy({ ...services, bindings, wechatApi: api, log: deps.log }),
    /** For staff decisions: notifier.notifyAccount(accountId, { title, result, detail?, url? }). */
    notifier: createWechatNotifier({ bindings, wechatApi: api, templateId: config.wechat.templateId, log: deps.log }),
    crypto: config.wechat.encodingAesKey ? createMessageCrypto(config.wechat.encodingAesKey, config.wechat.appId) : null,
    dedupe: createPushDedupe(deps.redis),
    handle: createMessageHandler({ bindings }),
  };
}

export type WechatServices = ReturnType<typeof createWechatServices>;

export function wechatRouters(deps: Deps, services: {
  wechat: WechatServices; login: ReturnType<typeof createLoginService>; sessions: SessionService; authenticated: Middleware<AppState>;
  captcha: CaptchaService;
}): AppRouter[] {
  const { wechat } = services;
  return [
    callbackRoutes({ token: deps.config.wechat.token, crypto: wechat.crypto, dedupe: wechat.dedupe, handle: wechat.handle, wechatApi: wechat.api, log: deps.log }),
    wechatRoutes({
      wechatSessions: wechat.sessions, wechatOtp: wechat.otp, wechatBindings: wechat.bindings, wechatReset: wechat.reset,
      login: services.login, sessions: services.sessions, authenticated: services.authenticated, captcha: services.captcha,
      oauth: {
        authorizeUrl: wechat.authorizeUrl, appId: deps.config.wechat.appId, publicUrl: deps.config.publicUrl,
        secureCookies: deps.config.production,
      },
    }),
  ];
}
