/** Requires a live applicant session (Authorization: Bearer <token>) and puts it on ctx.state.session. */
import type { Middleware } from 'koa';
import { MESSAGES } from '../../../shared/src/reference-data';
import type { SessionService } from '../sessions/service';
import type { AppState } from './context';
import { AppError } from './errors';

export function requireSession(sessions: SessionService): Middleware<AppState> {
  return async (ctx, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (!match?.[1]) throw new AppError('UNAUTHENTICATED', MESSAGES.unauthenticated);
    ctx.state.session = await sessions.check(match[1]);
    await next();
  };
}

/** The session `requireSession` put on the state; routes behind it can rely on it being there. */
export function sessionOf(state: AppState) {
  if (!state.session) throw new AppError('UNAUTHENTICATED', MESSAGES.unauthenticated);
  return state.session;
}
