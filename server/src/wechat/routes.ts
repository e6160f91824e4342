/**
 * The WeChat routes of API.md for the mini-program and the menu pages (a WeChat session), and the personal
 * centre's binding routes (a login session). Thin: parse, then the flows.
 */
import { MESSAGES } from '../../../shared/src/reference-data';
import {
  wechatBindRequest, wechatOauthQuery, wechatOtpRequest, wechatPasswordRequest, wechatSessionRequest,
} from '../../../shared/src/schemas/wechat';
import type { Middleware } from 'koa';
import { sessionOf } from '../http/auth';
import type { AppState } from '../http/context';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import type { createLoginService } from '../login/service';
import type { RecoveryService } from '../recovery/service';
import type { SessionService } from '../sessions/service';
import type { WechatBindings } from './flows/bindings';
import type { WechatOtp } from './flows/otp';
import { createOauthState } from './flows/oauth-state';
import type { WechatSessions, WechatState } from './flows/sessions';
import { AppError } from '../http/errors';
import { TEXT } from './rules';
import type { CaptchaService } from '../captcha/service';

export function wechatRoutes(deps: {
  wechatSessions: WechatSessions;
  wechatOtp: WechatOtp;
  wechatBindings: WechatBindings;
  recovery: RecoveryService;
  login: ReturnType<typeof createLoginService>;
  sessions: SessionService;
  captcha: CaptchaService;
  authenticated: Middleware<AppState>;
  /** Web OAuth in the H5 app: the authorize address, the service account's AppID, where the app lives. */
  oauth: { authorizeUrl: string; appId: string; publicUrl: string; secureCookies: boolean };
}) {
  const router = createRouter('/api/v1');
  const oauthState = createOauthState(deps.oauth.secureCookies);
  const inWechat = deps.wechatSessions.required();
  const userOf = (state: WechatState) => {
    if (!state.wechat) throw new AppError('UNAUTHENTICATED', MESSAGES.unauthenticated);
    return state.wechat;
  };

  /** Sends the browser to WeChat's authorize page, which returns it to the app page `next` with a code and the state. */
  router.get('/wechat/oauth', (ctx) => {
    const { next } = parse(wechatOauthQuery, ctx.query);
    const authorize = new URL(deps.oauth.authorizeUrl);
    authorize.search = new URLSearchParams({
      appid: deps.oauth.appId, redirect_uri: `${deps.oauth.publicUrl}${next}`, response_type: 'code', scope: 'snsapi_base',
      state: oauthState.issue(ctx),
    }).toString();
    ctx.redirect(`${authorize.toString()}#wechat_redirect`);
  });

  router.post('/wechat/session', async (ctx) => {
    const { code, via, state } = parse(wechatSessionRequest, ctx.request.body);
    // A web-OAuth code counts only in the browser that asked for it (the state cookie), never on its own.
    if (via === 'web' && !oauthState.consume(ctx, state)) throw new AppError('UNAUTHENTICATED', TEXT.sessionExpired);
    const { user: _user, ...session } = await deps.wechatSessions.start(code, via ?? 'miniapp');
    ctx.body = session;
  });

  router.post('/wechat/otp', inWechat, async (ctx) => {
    const { idNumber } = parse(wechatOtpRequest, ctx.request.body);
    ctx.body = await deps.wechatOtp.send(userOf(ctx.state), idNumber, ctx.state.clientAddress);
  });

  router.post('/wechat/bind', inWechat, async (ctx) => {
    const body = parse(wechatBindRequest, ctx.request.body);
    let accountId: string;
    if ('accountToken' in body) {
      accountId = (await deps.sessions.check(body.accountToken)).accountId;
    } else {
      // The login rules (captcha, 登录失败！ alike for every failure, lockouts) apply; the session it opens is not needed.
      await deps.captcha.consume(body.captchaToken);
      const { account, token } = await deps.login.login(body.idNumber, body.password, ctx.state.clientAddress);
      if (body.idType && body.idType !== account.idType) throw new AppError('LOGIN_FAILED', MESSAGES.loginFailed);
      await deps.sessions.end(await deps.sessions.check(token));
      accountId = String(account._id);
    }
    await deps.wechatBindings.bind(userOf(ctx.state).key, accountId);
    ctx.body = { bound: true };
  });

  router.delete('/wechat/bind', inWechat, async (ctx) => {
    await deps.wechatBindings.unbindUser(userOf(ctx.state).key);
    ctx.status = 204;
  });

  router.post('/wechat/password', inWechat, async (ctx) => {
    const { newPassword } = parse(wechatPasswordRequest, ctx.request.body);
    await deps.recovery.resetBound(userOf(ctx.state), newPassword);
    ctx.body = { reset: true, message: '重置成功' };
  });

  router.get('/me/wechat', deps.authenticated, async (ctx) => {
    ctx.body = { bound: await deps.wechatBindings.isBound(sessionOf(ctx.state).accountId) };
  });

  router.post('/me/wechat/qrcode', deps.authenticated, async (ctx) => {
    ctx.body = await deps.wechatBindings.bindingQrCode(sessionOf(ctx.state).accountId);
  });

  router.delete('/me/wechat', deps.authenticated, async (ctx) => {
    await deps.wechatBindings.unbindAccount(sessionOf(ctx.state).accountId);
    ctx.status = 204;
  });

  return router;
}
