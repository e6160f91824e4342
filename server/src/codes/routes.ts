/** POST /api/v1/otp: a 6-digit code by SMS or mail, after the slider captcha. */
import { emailProblem, normalizeEmail, phoneProblem } from '../../../shared/src/contacts';
import { otpRequest } from '../../../shared/src/schemas/codes';
import type { CaptchaService } from '../captcha/service';
import type { Courier } from '../courier/courier';
import { createRouter } from '../http/context';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { CODE_TTL_SECONDS, MAIL_CODE_SENT_MESSAGE, SMS_CODE_SENT_MESSAGE } from './rules';
import type { CodeService } from './service';

export function codeRoutes(deps: { captcha: CaptchaService; codes: CodeService; courier: Courier }) {
  const router = createRouter('/api/v1');
  router.post('/otp', async (ctx) => {
    const body = parse(otpRequest, ctx.request.body);
    const to = body.channel === 'email' ? normalizeEmail(body.to) : body.to.trim();
    const problem = body.channel === 'email' ? emailProblem(to) : phoneProblem(to);
    if (problem) throw new AppError('VALIDATION_FAILED', problem, { fields: { to: problem } });
    // The captcha token is spent in the same Redis step that checks the limits and stores the code.
    const captchaKey = deps.captcha.tokenKey(body.captchaToken);
    await deps.codes.issueAndDeliver({ purpose: body.purpose, channel: body.channel, to }, ctx.state.clientAddress,
      (code) => deps.courier.send('code', { channel: body.channel, to }, { code, purpose: body.purpose }), { captchaKey });
    ctx.body = { expiresIn: CODE_TTL_SECONDS, message: body.channel === 'sms' ? SMS_CODE_SENT_MESSAGE : MAIL_CODE_SENT_MESSAGE };
  });
  return router;
}
