/** The 忘记密码 routes of API.md; the page the mailed link opens is the app's (miniapp/src/pages/reset). */
import { resetCompleteRequest, resetStartRequest } from '../../../shared/src/schemas/recovery';
import type { CaptchaService } from '../captcha/service';
import { CODE_TTL_SECONDS } from '../codes/rules';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import type { RecoveryService } from './service';

export function recoveryRoutes(deps: { captcha: CaptchaService; recovery: RecoveryService }) {
  const router = createRouter();
  router.post('/api/v1/password-resets', async (ctx) => {
    const { captchaToken, ...request } = parse(resetStartRequest, ctx.request.body);
    await deps.captcha.consume(captchaToken);
    ctx.body = await deps.recovery.start(request, ctx.state.clientAddress);
  });
  router.post('/api/v1/password-resets/complete', async (ctx) => {
    const body = parse(resetCompleteRequest, ctx.request.body);
    if ('linkToken' in body) await deps.recovery.complete('mail-link', { linkToken: body.linkToken }, body.newPassword);
    else await deps.recovery.complete(body.channel === 'wechat' ? 'wechat' : 'sms-code', { resetId: body.resetId, code: body.code }, body.newPassword);
    ctx.status = 204;
  });
  router.post('/api/v1/password-resets/:resetId/email', async (ctx) => {
    await deps.recovery.send('mail-link', ctx.params.resetId ?? '', ctx.state.clientAddress);
    ctx.status = 202;
    ctx.body = { sent: true };
  });
  router.post('/api/v1/password-resets/:resetId/sms', async (ctx) => {
    await deps.recovery.send('sms-code', ctx.params.resetId ?? '', ctx.state.clientAddress);
    ctx.body = { expiresIn: CODE_TTL_SECONDS };
  });
  return router;
}
