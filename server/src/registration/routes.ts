/** POST /api/v1/accounts: 账号注册. */
import { registrationRequest } from '../../../shared/src/schemas/accounts';
import { accountView } from '../accounts/view';
import type { CaptchaService } from '../captcha/service';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import type { Pii } from '../stores/pii';
import type { createRegistrationService } from './service';

export function registrationRoutes(deps: { captcha: CaptchaService; registration: ReturnType<typeof createRegistrationService>; pii: Pii }) {
  const router = createRouter('/api/v1');
  router.post('/accounts', async (ctx) => {
    const { captchaToken, agreed: _agreed, ...request } = parse(registrationRequest, ctx.request.body);
    await deps.captcha.consume(captchaToken);
    const account = await deps.registration.register(request);
    ctx.status = 201;
    ctx.body = accountView(account, deps.pii);
  });
  return router;
}
