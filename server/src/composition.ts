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
import { createSmtpMailSender } from './adapters/mail';
import { createHttpSmsSender } from './adapters/sms';
import { captchaRoutes } from './captcha/routes';
import { createCaptchaService } from './captcha/service';
import { codeRoutes } from './codes/routes';
import { createCodeService } from './codes/service';
import { contactChangeRoutes } from './contact-change/routes';
import { createContactChangeService } from './contact-change/service';
import { createCourier } from './courier/courier';
import { courierTransports } from './courier/transports';
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
import { createProfileService, type PasswordChanged } from './profile/service';
import { createResetFlows } from './recovery/flows';
import { clearLoginLockout, endSessions, wechatResetNotice } from './recovery/hooks';
import { recoveryRoutes } from './recovery/routes';
import { createFlowAccess, createRecoveryService, type PasswordReset } from './recovery/service';
import { strategyRegistry } from './recovery/strategy';
import { createMailLinkStrategy } from './recovery/strategies/mail-link';
import { createSmsCodeStrategy } from './recovery/strategies/sms-code';
import { createWechatResetStrategy } from './recovery/strategies/wechat';
import { registrationRoutes } from './registration/routes';
import { createRegistrationService, type Registered } from './registration/service';
import { createCaseStore } from './review/cases';
import { createDesk } from './review/desk';
import { kindRegistry } from './review/kinds';
import type { ContactsChanged, StaffDecision } from './review/decision';
import { endSessionsOnContactChange, tellOldContacts } from './review/contact-hooks';
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
import { bindAfterRegistration, createWechatBindings } from './wechat/flows/bindings';
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

  // The WeChat API client, and the courier every SMS, mail and WeChat message leaves through.
  const wechatApi = createWechatApi({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, apiBase: options.wechatApiBase, redis, log });
  const courier = createCourier(courierTransports({
    sms: config.sms.apiUrl && config.sms.apiKey ? createHttpSmsSender(config.sms.apiUrl, config.sms.apiKey) : null,
    mail: config.smtpUrl ? createSmtpMailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom }) : null,
    outbox: deps.outbox,
    wechatApi,
    wechatTemplateId: config.wechat.templateId,
  }), { publicUrl: config.publicUrl });

  // Accounts, codes, sessions.
  const passwords = createPasswordHasher(config.argon2);
  const captcha = createCaptchaService(redis);
  const codes = createCodeService(redis, config.indexKey, config.otpResendIntervalSeconds);
  const sessions = createSessionService(redis, config.jwtSecret);
  const loginLockout = createLoginLockout(redis);
  const login = createLoginService({ ...deps, passwords, sessions, loginLockout });
  const afterRegistration = flowHooks<Registered>();
  const registration = createRegistrationService({ ...deps, codes, passwords, afterRegistration });
  const afterPasswordChange = flowHooks<PasswordChanged>();
  // 修改密码: whoever held the old password may be logged in elsewhere; the session that changed it stays.
  afterPasswordChange.register(async ({ accountId, sessionId }) => sessions.endAll(accountId, sessionId));
  const profile = createProfileService({ ...deps, codes, passwords, afterPasswordChange });

  // WeChat: the flows of the service account and the mini-program.
  const oauth = createOauthClient({ apiBase: options.wechatApiBase, serviceAccount: config.wechat, miniapp: config.wechat.miniapp });
  const bindings = createWechatBindings({ redis, store: deps.wechatBindings, wechatApi, log });
  // 微信扫码验证 binds the WeChat user who fetched the registration code, under the binding rules.
  afterRegistration.register(bindAfterRegistration(bindings));
  const wechatNotifier = createWechatNotifier({ bindings, courier, log });
  const wechat = {
    api: wechatApi,
    bindings,
    notifier: wechatNotifier,
    sessions: createWechatSessions({ redis, oauth, bindings: deps.wechatBindings, oneApp: config.wechat.miniapp.appId === config.wechat.appId }),
    otp: createWechatOtp({ ...deps, codes, courier, bindings, store: deps.wechatBindings }),
    crypto: config.wechat.encodingAesKey ? createMessageCrypto(config.wechat.encodingAesKey, config.wechat.appId) : null,
    dedupe: createPushDedupe(redis),
    handle: createMessageHandler({ bindings }),
  };

  // Recovery: the reset flow, its strategies in one registry, and what follows every reset.
  const flows = createResetFlows(redis);
  const flowAccess = createFlowAccess({ flows, accounts: deps.accounts });
  const strategies = strategyRegistry([
    createMailLinkStrategy({ ...deps, flows, courier }),
    createSmsCodeStrategy({ flowAccess, codes, courier }),
    createWechatResetStrategy({ flowAccess, codes, bindings: deps.wechatBindings }),
  ]);
  const afterReset = flowHooks<PasswordReset>();
  afterReset.register(endSessions(sessions));
  afterReset.register(clearLoginLockout(loginLockout));
  afterReset.register(wechatResetNotice({ bindings, courier, log }));
  const recovery = createRecoveryService({ ...deps, passwords, flows, flowAccess, strategies, afterReset });

  // The audit log, written by services and read by the staff site.
  const audit = createAuditLog(auditModel(mongo));

  // The kinds of request the review desk decides, and the desk.
  const calendar = loadCalendar(config.holidaysFile);
  const caseModels = { cases: caseModel(mongo), reviewKeys: reviewKeyModel(mongo), reviewStreams: reviewStreamModel(mongo) };
  const photos = createPhotoStore(casePhotoModel(mongo), deps.pii);
  const cases = createCaseStore({ ...caseModels, photos, redis });
  const enrollments = createEnrollmentService({ directory: deps.directory, enrollments: enrollmentModel(mongo) });
  const { identity, registry: identityRegistry } = identityCheckOf(deps);
  const verification = createVerificationService({ ...deps, store: cases, identity, audit, calendar });
  const contactChanges = createContactChangeService({ ...deps, store: cases, enrollments, flowAccess, flows, codes, audit, calendar, courier });
  const support = createSupportService({ ...deps, store: cases, calendar, courier });
  const contactsChanged = flowHooks<ContactsChanged>();
  contactsChanged.register(endSessionsOnContactChange(sessions));
  contactsChanged.register(tellOldContacts(courier));
  const afterDecision = flowHooks<StaffDecision>();
  // Each staff decision reaches a bound applicant as a WeChat template message.
  afterDecision.register(staffDecisionNotifier(wechatNotifier, { publicUrl: config.publicUrl }));
  const desk = createDesk({
    ...deps, store: cases, kinds: kindRegistry([verification.reviewKind, contactChanges.reviewKind, support.reviewKind]),
    photos, audit, calendar, contactsChanged, afterDecision,
  });

  // The staff site's own parts.
  const staff = createStaffService({ staff: staffModel(mongo), passwords, redis });
  const staffSessions = createStaffSessions(redis);

  return {
    courier, passwords, captcha, codes, sessions, loginLockout, login, registration, profile,
    authenticated: requireSession(sessions),
    wechat,
    flows, recovery,
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
      wechatSessions: wechat.sessions, wechatOtp: wechat.otp, wechatBindings: wechat.bindings, recovery: services.recovery,
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
    recoveryRoutes(services),
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
