/**
 * The WeChat routes of API.md for the mini-program and the menu pages (a WeChat session), and the personal
 * centre's binding routes (a login session). Thin: parse, then the flows.
 */
import { MESSAGES } from '../../../shared/src/reference-data';
import { wechatBindRequest, wechatOtpRequest, wechatPasswordRequest, wechatSessionRequest } from '../../../shared/src/schemas/wechat';
import type { Middleware } from 'koa';
import { sessionOf } from '../http/auth';
import type { AppState } from '../http/context';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import type { createLoginService } from '../login/service';
import type { WechatResetStrategy } from '../recovery/strategies/wechat';
import type { SessionService } from '../sessions/service';
import type { WechatBindings } from './flows/bindings';
import type { WechatOtp } from './flows/otp';
import type { WechatSessions, WechatState } from './flows/sessions';
import { AppError } from '../http/errors';
import type { CaptchaService } from '../captcha/service';

export function wechatRoutes(deps: {
  wechatSessions: WechatSessions;
  wechatOtp: WechatOtp;
  wechatBindings: WechatBindings;
  wechatReset: WechatResetStrategy;
  login: ReturnType<typeof createLoginService>;
  sessions: SessionService;
  captcha: CaptchaService;
  authenticated: Middleware<AppState>;
}) {
  const router = createRouter('/api/v1');
  const inWechat = deps.wechatSessions.required();
  const openidOf = (state: WechatState) => {
    if (!state.openid) throw new AppError('UNAUTHENTICATED', MESSAGES.unauthenticated);
    return state.openid;
  };

  router.post('/wechat/session', async (ctx) => {
    const { code, via } = parse(wechatSessionRequest, ctx.request.body);
    const { openid: _openid, ...session } = await deps.wechatSessions.start(code, via);
    ctx.body = session;
  });

  router.post('/wechat/otp', inWechat, async (ctx) => {
    const { idNumber } = parse(wechatOtpRequest, ctx.request.body);
    ctx.body = await deps.wechatOtp.send(openidOf(ctx.state), idNumber, ctx.state.clientAddress);
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
    await deps.wechatBindings.bind(openidOf(ctx.state), accountId);
    ctx.body = { bound: true };
  });

  router.delete('/wechat/bind', inWechat, async (ctx) => {
    await deps.wechatBindings.unbindOpenid(openidOf(ctx.state));
    ctx.status = 204;
  });

  router.post('/wechat/password', inWechat, async (ctx) => {
    const { newPassword } = parse(wechatPasswordRequest, ctx.request.body);
    await deps.wechatReset.resetBound(openidOf(ctx.state), newPassword);
    ctx.body = { reset: true, message: '重置成功' };
  });

  router.get('/me/wechat', deps.authenticated, async (ctx) => {
    ctx.body = { bound: (await deps.wechatBindings.openidOf(sessionOf(ctx.state).accountId)) !== null };
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
