/** What the middleware puts on ctx.state for the routes, and the router type every capability uses. */
import Router from '@koa/router';

export type AppState = {
  clientAddress: string;
  /** Set by `requireSession`. */
  session?: { accountId: string; sessionId: string };
};

export type AppRouter = Router<AppState>;

export function createRouter(prefix = ''): AppRouter {
  return new Router<AppState>(prefix ? { prefix } : {});
}
