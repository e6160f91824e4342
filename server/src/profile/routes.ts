/** GET/PATCH /api/v1/me, PUT /api/v1/me/password, PUT /api/v1/me/phone. */
import type { Middleware } from 'koa';
import { passwordChangeRequest, phoneChangeRequest, profileUpdateRequest } from '../../../shared/src/schemas/accounts';
import { accountView } from '../accounts/view';
import { sessionOf } from '../http/auth';
import { createRouter, type AppState } from '../http/context';
import { parse } from '../http/validate';
import type { Pii } from '../stores/pii';
import { nextStepOf, type createProfileService } from './service';
import type { AccountDocument } from '../stores/accounts';

/** The account as GET /api/v1/me shows it, with what the applicant must do next. */
const meView = (account: AccountDocument, pii: Pii) => ({ ...accountView(account, pii), ...nextStepOf(account) });

export function profileRoutes(deps: { profile: ReturnType<typeof createProfileService>; pii: Pii; authenticated: Middleware<AppState> }) {
  const router = createRouter('/api/v1/me');
  router.get('/', deps.authenticated, async (ctx) => {
    ctx.body = meView(await deps.profile.load(sessionOf(ctx.state).accountId), deps.pii);
  });
  router.patch('/', deps.authenticated, async (ctx) => {
    const change = parse(profileUpdateRequest, ctx.request.body);
    ctx.body = meView(await deps.profile.update(sessionOf(ctx.state).accountId, change), deps.pii);
  });
  router.put('/password', deps.authenticated, async (ctx) => {
    const body = parse(passwordChangeRequest, ctx.request.body);
    const session = sessionOf(ctx.state);
    await deps.profile.changePassword(session.accountId, session.sessionId, body.oldPassword, body.newPassword);
    ctx.status = 204;
  });
  router.put('/phone', deps.authenticated, async (ctx) => {
    const body = parse(phoneChangeRequest, ctx.request.body);
    const account = await deps.profile.changePhone(sessionOf(ctx.state).accountId, body.phone, body.code, body.password);
    ctx.body = account ? meView(account, deps.pii) : null;
  });
  return router;
}
