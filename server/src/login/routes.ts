/** POST /api/v1/sessions (登录) and DELETE /api/v1/sessions/current (退出). */
import type { Middleware } from 'koa';
import { loginRequest } from '../../../shared/src/schemas/accounts';
import { accountView } from '../accounts/view';
import type { CaptchaService } from '../captcha/service';
import { sessionOf } from '../http/auth';
import { createRouter, type AppState } from '../http/context';
import { parse } from '../http/validate';
import type { SessionService } from '../sessions/service';
import type { Pii } from '../stores/pii';
import type { createLoginService } from './service';

export function loginRoutes(deps: {
  captcha: CaptchaService;
  login: ReturnType<typeof createLoginService>;
  sessions: SessionService;
  pii: Pii;
  authenticated: Middleware<AppState>;
}) {
  const router = createRouter('/api/v1/sessions');
  router.post('/', async (ctx) => {
    const body = parse(loginRequest, ctx.request.body);
    await deps.captcha.consume(body.captchaToken);
    const { token, expiresIn, account } = await deps.login.login(body.idNumber, body.password, ctx.state.clientAddress);
    ctx.body = { token, expiresIn, account: accountView(account, deps.pii) };
  });
  router.delete('/current', deps.authenticated, async (ctx) => {
    await deps.sessions.end(sessionOf(ctx.state));
    ctx.status = 204;
  });
  return router;
}
