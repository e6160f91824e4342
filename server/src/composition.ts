/**
 * The composition root: every adapter, service and router of the server is built here, once, from the
 * connected stores (deps.ts), and each router is handed what it uses. Nothing else wires services together;
 * app.ts only assembles middleware around the routers built here.
 */
import { createPasswordHasher } from './accounts/passwords';
import {
  createHttpIdentityCheck, createLocalIdentityRegistry, type IdentityCheck, type LocalIdentityRegistry,
} from './adapters/identity-check';
import { adminRoutes } from './admin/routes';
import { createStaffSessions } from './admin/sessions';
import { createStaffService } from './admin/staff';
import { createAuditLog } from './audit/log';
import { captchaRoutes } from './captcha/routes';
import { createCaptchaService } from './captcha/service';
import { codeRoutes } from './codes/routes';
import { createCodeService } from './codes/service';
import { contactChangeRoutes } from './contact-change/routes';
import { createContactChangeService } from './contact-change/service';
import type { Deps } from './deps';
import { devRoutes } from './dev/routes';
import { wechatEmulatorRoutes } from './dev/wechat-emulator/routes';
import { enrollmentRoutes } from './enrollment/routes';
import { createEnrollmentService } from './enrollment/service';
import { healthRoutes, type Lifecycle } from './health/routes';
import { flowHooks } from './hooks';
import { requireSession } from './http/auth';
import type { AppRouter } from './http/context';
import { createLoginLockout } from './login/lockout';
import { loginRoutes } from './login/routes';
import { createLoginService } from './login/service';
import { metaRoutes } from './meta/routes';
import { profileRoutes } from './profile/routes';
import { createProfileService } from './profile/service';
import { createResetFlows } from './recovery/flows';
import { recoveryRoutes } from './recovery/routes';
import { createRecoveryService } from './recovery/service';
import { createMailLinkStrategy } from './recovery/strategies/mail-link';
import { createSmsCodeStrategy } from './recovery/strategies/sms-code';
import { createWechatResetStrategy } from './recovery/strategies/wechat';
import { registrationRoutes } from './registration/routes';
import { createRegistrationService } from './registration/service';
import { createCaseStore } from './review/cases';
import { createDesk } from './review/desk';
import { kindRegistry } from './review/kinds';
import type { StaffDecision } from './review/notify';
import { createSessionService } from './sessions/service';
import { auditModel } from './stores/audit-log';
import { casePhotoModel } from './stores/case-photos';
import { enrollmentModel } from './stores/enrollments';
import { caseModel, reviewKeyModel, reviewStreamModel } from './stores/review-cases';
import { staffModel } from './stores/staff';
import { supportRoutes } from './support/routes';
import { createSupportService } from './support/service';
import { createPhotoStore } from './uploads/photo-store';
import { identityRegistryRoutes } from './verification/dev-routes';
import { verificationRoutes } from './verification/routes';
import { createVerificationService } from './verification/service';
import { createWechatApi } from './wechat/api/client';
import { createOauthClient } from './wechat/api/oauth';
import { createMessageCrypto } from './wechat/callback/crypto';
import { createPushDedupe } from './wechat/callback/dedupe';
import { createMessageHandler } from './wechat/callback/messages';
import { callbackRoutes } from './wechat/callback/routes';
import { createWechatBindings } from './wechat/flows/bindings';
import { createWechatNotifier, staffDecisionNotifier } from './wechat/flows/notify';
import { createWechatOtp } from './wechat/flows/otp';
import { createWechatSessions } from './wechat/flows/sessions';
import { wechatRoutes } from './wechat/routes';
import { loadCalendar } from './working-days/calendar';

export type CompositionOptions = {
  /** Where the WeChat API is: WeChat's own in production, this server's emulator outside it (server.ts). */
  wechatApiBase: string;
  /** Set when shutdown begins; /readyz reads it. */
  lifecycle: Lifecycle;
};

/** The production identity check, or outside production the local registry that /dev/identity-registry fills. */
function identityCheckOf(deps: Deps): { identity: IdentityCheck; registry: LocalIdentityRegistry | null } {
  const { apiUrl, apiKey, timeoutMs, retries } = deps.config.identity;
  if (apiUrl && apiKey) return { identity: createHttpIdentityCheck({ apiUrl, apiKey, timeoutMs, retries }), registry: null };
  if (deps.config.production) throw new Error('IDENTITY_API_URL and IDENTITY_API_KEY must be set in production');
  const registry = createLocalIdentityRegistry(deps.redis, deps.pii);
  return { identity: registry, registry };
}

/** Every service, built once. */
function composeServices(deps: Deps, options: CompositionOptions) {
  const { config, redis, mongo, log } = deps;

  // Accounts, codes, sessions.
  const passwords = createPasswordHasher(config.argon2);
  const captcha = createCaptchaService(redis);
  const codes = createCodeService(redis, config.indexKey, config.otpResendIntervalSeconds);
  const sessions = createSessionService(redis, config.jwtSecret);
  const loginLockout = createLoginLockout(redis);
  const login = createLoginService({ ...deps, passwords, sessions, loginLockout });
  const registration = createRegistrationService({ ...deps, codes, passwords });
  const profile = createProfileService({ ...deps, codes, passwords, sessions });

  // WeChat: the API client and the flows of the service account and the mini-program.
  const wechatApi = createWechatApi({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, apiBase: options.wechatApiBase, redis, log });
  const oauth = createOauthClient({ apiBase: options.wechatApiBase, serviceAccount: config.wechat, miniapp: config.wechat.miniapp });
  const bindings = createWechatBindings({ redis, store: deps.wechatBindings, wechatApi, log });
  const wechatNotifier = createWechatNotifier({ bindings, wechatApi, templateId: config.wechat.templateId, log });
  const wechat = {
    api: wechatApi,
    bindings,
    notifier: wechatNotifier,
    sessions: createWechatSessions({ redis, oauth, bindings: deps.wechatBindings, oneApp: config.wechat.miniapp.appId === config.wechat.appId }),
    otp: createWechatOtp({ ...deps, codes, wechatApi, bindings, store: deps.wechatBindings }),
    crypto: config.wechat.encodingAesKey ? createMessageCrypto(config.wechat.encodingAesKey, config.wechat.appId) : null,
    dedupe: createPushDedupe(redis),
    handle: createMessageHandler({ bindings }),
  };

  // Recovery: the reset flow and its strategies.
  const flows = createResetFlows(redis);
  const recovery = createRecoveryService({ ...deps, passwords, sessions, flows, loginLockout });
  const recoveryStrategies = {
    mailLink: createMailLinkStrategy({ ...deps, recovery, flows, publicUrl: config.publicUrl }),
    smsCode: createSmsCodeStrategy({ ...deps, recovery, flows, codes }),
    wechat: createWechatResetStrategy({ recovery, flows, codes, bindings, wechatApi, log }),
  };

  // The audit log, written by services and read by the staff site.
  const audit = createAuditLog(auditModel(mongo));

  // The kinds of request the review desk decides, and the desk.
  const calendar = loadCalendar(config.holidaysFile);
  const caseModels = { cases: caseModel(mongo), reviewKeys: reviewKeyModel(mongo), reviewStreams: reviewStreamModel(mongo) };
  const photos = createPhotoStore(casePhotoModel(mongo), deps.pii);
  const cases = createCaseStore({ ...caseModels, photos });
  const enrollments = createEnrollmentService({ directory: deps.directory, enrollments: enrollmentModel(mongo) });
  const { identity, registry: identityRegistry } = identityCheckOf(deps);
  const verification = createVerificationService({ ...deps, store: cases, identity, audit, calendar });
  const contactChanges = createContactChangeService({
    ...deps, store: cases, sessions, enrollments, recovery, flows, codes, audit, calendar, publicUrl: config.publicUrl,
  });
  const support = createSupportService({ ...deps, store: cases, sessions, calendar });
  const afterDecision = flowHooks<StaffDecision>();
  // Each staff decision reaches a bound applicant as a WeChat template message.
  afterDecision.register(staffDecisionNotifier(wechatNotifier, config.publicUrl));
  const desk = createDesk({
    ...deps, store: cases, kinds: kindRegistry([verification.reviewKind, contactChanges.reviewKind, support.reviewKind]),
    photos, audit, calendar, support, afterDecision,
  });

  // The staff site's own parts.
  const staff = createStaffService({ staff: staffModel(mongo), passwords, redis });
  const staffSessions = createStaffSessions(redis);

  return {
    passwords, captcha, codes, sessions, loginLockout, login, registration, profile,
    authenticated: requireSession(sessions),
    wechat,
    flows, recovery, recoveryStrategies,
    audit,
    review: { cases, photos, calendar, desk },
    enrollments, identityRegistry, verification, contactChanges, support,
    staff, staffSessions,
  };
}

export type Services = ReturnType<typeof composeServices>;

/** Each router with what it uses; WeChat's first, as the busiest (a matched router ends the walk through the others). */
function composeRouters(deps: Deps, services: Services, options: CompositionOptions): AppRouter[] {
  const { config } = deps;
  const { wechat, authenticated } = services;
  const routers: AppRouter[] = [
    callbackRoutes({ token: config.wechat.token, crypto: wechat.crypto, dedupe: wechat.dedupe, handle: wechat.handle, wechatApi: wechat.api, log: deps.log }),
    wechatRoutes({
      wechatSessions: wechat.sessions, wechatOtp: wechat.otp, wechatBindings: wechat.bindings, wechatReset: services.recoveryStrategies.wechat,
      login: services.login, sessions: services.sessions, authenticated, captcha: services.captcha,
      oauth: {
        authorizeUrl: config.wechat.oauthAuthorizeUrl ?? `${options.wechatApiBase}/connect/oauth2/authorize`,
        appId: config.wechat.appId, publicUrl: config.publicUrl, secureCookies: config.production,
      },
    }),
    healthRoutes(deps, options.lifecycle),
    metaRoutes(),
    captchaRoutes(services.captcha),
    codeRoutes({ ...deps, ...services }),
    registrationRoutes({ ...deps, ...services }),
    loginRoutes({ ...deps, ...services }),
    profileRoutes({ ...deps, ...services }),
    recoveryRoutes({ captcha: services.captcha, recovery: services.recovery, ...services.recoveryStrategies }),
    verificationRoutes({ verification: services.verification, authenticated }),
    contactChangeRoutes({ contactChanges: services.contactChanges }),
    supportRoutes({ support: services.support }),
    enrollmentRoutes({ enrollments: services.enrollments, internalApiToken: config.internalApiToken }),
    adminRoutes({
      captcha: services.captcha, desk: services.review.desk, staffService: services.staff, staffSessions: services.staffSessions,
      audit: services.audit, directory: deps.directory, pii: deps.pii, production: config.production,
    }),
  ];
  if (deps.outbox) {
    routers.push(devRoutes({ outbox: deps.outbox, captcha: services.captcha }));
    routers.push(wechatEmulatorRoutes({
      redis: deps.redis, outbox: deps.outbox, serviceAccount: config.wechat, miniapp: config.wechat.miniapp, publicUrl: config.publicUrl,
    }));
    if (services.identityRegistry) routers.push(identityRegistryRoutes(services.identityRegistry));
  }
  return routers;
}

/** The whole server but its HTTP listener: services and routers over the connected stores. */
export function compose(deps: Deps, options: CompositionOptions) {
  const services = composeServices(deps, options);
  return { services, routers: composeRouters(deps, services, options) };
}

export type House = ReturnType<typeof compose>;
