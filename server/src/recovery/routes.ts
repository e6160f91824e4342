/** The 忘记密码 routes of API.md; the page the mailed link opens is the app's (miniapp/src/pages/reset). */
import { resetCompleteRequest, resetStartRequest } from '../../../shared/src/schemas/recovery';
import type { CaptchaService } from '../captcha/service';
import { CODE_TTL_SECONDS } from '../codes/rules';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import type { RecoveryService } from './service';
import type { createMailLinkStrategy } from './strategies/mail-link';
import type { createSmsCodeStrategy } from './strategies/sms-code';
import type { WechatResetStrategy } from './strategies/wechat';

export function recoveryRoutes(deps: {
  captcha: CaptchaService;
  recovery: RecoveryService;
  mailLink: ReturnType<typeof createMailLinkStrategy>;
  smsCode: ReturnType<typeof createSmsCodeStrategy>;
  wechat: WechatResetStrategy;
}) {
  const router = createRouter();
  router.post('/api/v1/password-resets', async (ctx) => {
    const { captchaToken, ...request } = parse(resetStartRequest, ctx.request.body);
    await deps.captcha.consume(captchaToken);
    ctx.body = await deps.recovery.start(request, ctx.state.clientAddress);
  });
  router.post('/api/v1/password-resets/complete', async (ctx) => {
    const body = parse(resetCompleteRequest, ctx.request.body);
    if ('linkToken' in body) await deps.mailLink.complete(body.linkToken, body.newPassword);
    else if (body.channel === 'wechat') await deps.wechat.complete(body.resetId, body.code, body.newPassword);
    else await deps.smsCode.complete(body.resetId, body.code, body.newPassword);
    ctx.status = 204;
  });
  router.post('/api/v1/password-resets/:resetId/email', async (ctx) => {
    await deps.mailLink.send(ctx.params.resetId ?? '');
    ctx.status = 202;
    ctx.body = { sent: true };
  });
  router.post('/api/v1/password-resets/:resetId/sms', async (ctx) => {
    await deps.smsCode.send(ctx.params.resetId ?? '', ctx.state.clientAddress);
    ctx.body = { expiresIn: CODE_TTL_SECONDS };
  });
  return router;
}
