/**
 * Composes the Koa application: the common middleware, then each capability's router. Services are built here
 * from the dependencies, once, and handed to the routes that use them.
 */
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { createPasswordHasher } from './accounts/passwords';
import { appSite } from './app-site/serve';
import { createReviewServices, reviewRouters } from './admin';
import { createCaptchaService } from './captcha/service';
import { captchaRoutes } from './captcha/routes';
import { createCodeService } from './codes/service';
import { codeRoutes } from './codes/routes';
import type { Deps } from './deps';
import { devRoutes } from './dev/routes';
import { healthRoutes, type Lifecycle } from './health/routes';
import { requireSession } from './http/auth';
import { clientAddress, proxySettings } from './http/client-address';
import type { AppRouter, AppState } from './http/context';
import { mountRouters } from './http/dispatch';
import { errorEnvelope } from './http/errors';
import { requestLog } from './http/request-log';
import { securityHeaders } from './http/security-headers';
import { createLoginLockout } from './login/lockout';
import { createLoginService } from './login/service';
import { loginRoutes } from './login/routes';
import { metaRoutes } from './meta/routes';
import { createProfileService } from './profile/service';
import { profileRoutes } from './profile/routes';
import { createResetFlows } from './recovery/flows';
import { recoveryRoutes } from './recovery/routes';
import { createRecoveryService } from './recovery/service';
import { createMailLinkStrategy } from './recovery/strategies/mail-link';
import { createSmsCodeStrategy } from './recovery/strategies/sms-code';
import { createRegistrationService } from './registration/service';
import { registrationRoutes } from './registration/routes';
import { createSessionService } from './sessions/service';
import { wechatEmulatorRoutes } from './dev/wechat-emulator/routes';
import { createWechatServices, wechatRouters } from './wechat';
import { staffDecisionNotifier } from './wechat/flows/notify';

/** JSON bodies are small forms; anything larger is refused before it is read. */
const JSON_BODY_LIMIT = '64kb';

/** The routers match paths case-insensitively and with or without a trailing slash; so does this. */
function isWechatCallback(path: string): boolean {
  return /^\/wechat\/callback\/?$/i.test(path);
}

/** The domain services, built once from the dependencies. */
export function createServices(deps: Deps) {
  const passwords = createPasswordHasher(deps.config.argon2);
  const captcha = createCaptchaService(deps.redis);
  const codes = createCodeService(deps.redis, deps.config.indexKey, deps.config.otpResendIntervalSeconds);
  const sessions = createSessionService(deps.redis, deps.config.jwtSecret);
  const flows = createResetFlows(deps.redis);
  const loginLockout = createLoginLockout(deps.redis);
  const recovery = createRecoveryService({ ...deps, passwords, sessions, flows, loginLockout });
  const wechat = createWechatServices(deps, { codes, recovery, flows });
  // Identity and staff review; each staff decision reaches a bound applicant as a WeChat template message.
  const review = createReviewServices(deps, {
    passwords, codes, recovery, flows, sessions, notifyApplicant: staffDecisionNotifier(wechat.notifier, deps.config.publicUrl),
  });
  return {
    passwords,
    captcha,
    codes,
    sessions,
    flows,
    recovery,
    review,
    wechat,
    registration: createRegistrationService({ ...deps, codes, passwords }),
    login: createLoginService({ ...deps, passwords, sessions, loginLockout }),
    profile: createProfileService({ ...deps, codes, passwords, sessions }),
    mailLink: createMailLinkStrategy({ ...deps, recovery, flows, publicUrl: deps.config.publicUrl }),
    smsCode: createSmsCodeStrategy({ ...deps, recovery, flows, codes }),
    authenticated: requireSession(sessions),
  };
}

export type Services = ReturnType<typeof createServices>;

export function createApp(deps: Deps, lifecycle: Lifecycle = { draining: false }) {
  const services = createServices(deps);
  const app = new Koa<AppState>(proxySettings(deps.config.trustProxy, deps.config.trustProxyHops));

  app.use(requestLog(deps.log));
  app.use(errorEnvelope(deps.log));
  app.use(securityHeaders());
  app.use(async (ctx, next) => {
    ctx.state.clientAddress = clientAddress(ctx);
    await next();
  });
  // WeChat's callback reads its own (XML) body whatever Content-Type claims: the JSON parser must leave it unread.
  const jsonBody = bodyParser({ enableTypes: ['json'], jsonLimit: JSON_BODY_LIMIT, encoding: 'utf-8' });
  app.use((ctx, next) => (isWechatCallback(ctx.path) ? next() : jsonBody(ctx, next)));

  const routers: AppRouter[] = [
    // First: WeChat's pushes are the busiest route, and a matched router ends the walk through the others.
    ...wechatRouters(deps, services),
    healthRoutes(deps, lifecycle),
    metaRoutes(),
    captchaRoutes(services.captcha),
    codeRoutes({ ...deps, ...services }),
    registrationRoutes({ ...deps, ...services }),
    loginRoutes({ ...deps, ...services }),
    profileRoutes({ ...deps, ...services }),
    recoveryRoutes(services),
    ...reviewRouters(deps, services.review, services.authenticated, services.captcha),
  ];
  if (deps.outbox) {
    routers.push(devRoutes({ outbox: deps.outbox, captcha: services.captcha }));
    routers.push(wechatEmulatorRoutes({
      redis: deps.redis, outbox: deps.outbox, serviceAccount: deps.config.wechat, miniapp: deps.config.wechat.miniapp, publicUrl: deps.config.publicUrl,
    }));
  }
  app.use(mountRouters(routers));

  // The applicant app at the site's root, after the server's own routes (it never answers their paths).
  app.use(appSite());
  return { app, services, routers };
}
