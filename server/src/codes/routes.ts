/** POST /api/v1/otp: a 6-digit code by SMS or mail, after the slider captcha. */
import { emailProblem, normalizeEmail, phoneProblem } from '../../../shared/src/contacts';
import { otpRequest } from '../../../shared/src/schemas/codes';
import type { MailSender } from '../adapters/mail';
import type { SmsSender } from '../adapters/sms';
import type { CaptchaService } from '../captcha/service';
import { createRouter } from '../http/context';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { CODE_TTL_SECONDS, MAIL_CODE_SENT_MESSAGE, SMS_CODE_SENT_MESSAGE } from './rules';
import { codeMessage, type CodeService } from './service';

export function codeRoutes(deps: { captcha: CaptchaService; codes: CodeService; sms: SmsSender; mail: MailSender }) {
  const router = createRouter('/api/v1');
  router.post('/otp', async (ctx) => {
    const body = parse(otpRequest, ctx.request.body);
    const to = body.channel === 'email' ? normalizeEmail(body.to) : body.to.trim();
    const problem = body.channel === 'email' ? emailProblem(to) : phoneProblem(to);
    if (problem) throw new AppError('VALIDATION_FAILED', problem, { fields: { to: problem } });
    // The captcha token is spent in the same Redis step that checks the limits and stores the code.
    const captchaKey = deps.captcha.tokenKey(body.captchaToken);
    await deps.codes.issueAndDeliver({ purpose: body.purpose, channel: body.channel, to }, ctx.state.clientAddress, async (code) => {
      const text = codeMessage(code, body.purpose);
      if (body.channel === 'sms') await deps.sms.send(to, text);
      else await deps.mail.send({ to, subject: '中国教师资格网验证码', text });
    }, { captchaKey });
    ctx.body = { expiresIn: CODE_TTL_SECONDS, message: body.channel === 'sms' ? SMS_CODE_SENT_MESSAGE : MAIL_CODE_SENT_MESSAGE };
  });
  return router;
}
