/**
 * Identity and staff review, composed: real-name verification and manual review, contact changes, support
 * requests, enrollments from other systems, and the staff site that decides. app.ts builds these once and
 * mounts the routers.
 */
import type { PasswordHasher } from '../accounts/passwords';
import type { CaptchaService } from '../captcha/service';
import {
  createHttpIdentityCheck, createLocalIdentityRegistry, type IdentityCheck, type LocalIdentityRegistry,
} from '../adapters/identity-check';
import type { CodeService } from '../codes/service';
import { contactChangeRoutes } from '../contact-change/routes';
import { createContactChangeService } from '../contact-change/service';
import type { Deps } from '../deps';
import { enrollmentRoutes } from '../enrollment/routes';
import type { AppRouter, AppState } from '../http/context';
import type { ResetFlows } from '../recovery/flows';
import type { RecoveryService } from '../recovery/service';
import { createAuditLog } from '../audit/log';
import { createCaseStore } from '../review/cases';
import { createDesk } from '../review/desk';
import { kindRegistry } from '../review/kinds';
import type { SessionService } from '../sessions/service';
import { auditModel } from '../stores/audit-log';
import { casePhotoModel } from '../stores/case-photos';
import { createEnrollmentService } from '../enrollment/service';
import { enrollmentModel } from '../stores/enrollments';
import { caseModel, reviewKeyModel, reviewStreamModel } from '../stores/review-cases';
import { staffModel } from '../stores/staff';
import { supportRoutes } from '../support/routes';
import { createSupportService } from '../support/service';
import { createPhotoStore } from '../uploads/photo-store';
import { identityRegistryRoutes } from '../verification/dev-routes';
import { verificationRoutes } from '../verification/routes';
import { createVerificationService } from '../verification/service';
import { loadCalendar } from '../working-days/calendar';
import type { Middleware } from 'koa';
import { noApplicantNotifier, type ApplicantNotifier } from './notify';
import { adminRoutes } from './routes';
import { createStaffSessions } from './sessions';
import { createStaffService } from './staff';

export type ReviewInputs = {
  passwords: PasswordHasher;
  codes: CodeService;
  recovery: RecoveryService;
  flows: ResetFlows;
  sessions: SessionService;
  /** WeChat template messages after staff decisions; nothing is sent until the WeChat notifier is passed here. */
  notifyApplicant?: ApplicantNotifier;
};

function identityCheckOf(deps: Deps): { identity: IdentityCheck; registry: LocalIdentityRegistry | null } {
  const { apiUrl, apiKey, timeoutMs, retries } = deps.config.identity;
  if (apiUrl && apiKey) return { identity: createHttpIdentityCheck({ apiUrl, apiKey, timeoutMs, retries }), registry: null };
  if (deps.config.production) throw new Error('IDENTITY_API_URL and IDENTITY_API_KEY must be set in production');
  const registry = createLocalIdentityRegistry(deps.redis, deps.pii);
  return { identity: registry, registry };
}

export function createReviewServices(deps: Deps, inputs: ReviewInputs) {
  const models = {
    cases: caseModel(deps.mongo),
    reviewKeys: reviewKeyModel(deps.mongo),
    reviewStreams: reviewStreamModel(deps.mongo),
    staff: staffModel(deps.mongo),
  };
  const enrollments = createEnrollmentService({ directory: deps.directory, enrollments: enrollmentModel(deps.mongo) });
  const audit = createAuditLog(auditModel(deps.mongo));
  const photos = createPhotoStore(casePhotoModel(deps.mongo), deps.pii);
  const store = createCaseStore({ ...models, photos, redis: deps.redis });
  const calendar = loadCalendar(deps.config.holidaysFile);
  const { identity, registry } = identityCheckOf(deps);
  const verification = createVerificationService({ ...deps, store, identity, audit, calendar });
  const contactChanges = createContactChangeService({
    ...deps, ...models, ...inputs, enrollments, store, audit, calendar, publicUrl: deps.config.publicUrl,
  });
  const support = createSupportService({ ...deps, ...inputs, store, calendar });
  // Each kind of request registers itself with the desk.
  const kinds = kindRegistry([verification.reviewKind, contactChanges.reviewKind, support.reviewKind]);
  const desk = createDesk({
    ...deps, store, kinds, photos, audit, calendar, support, notifyApplicant: inputs.notifyApplicant ?? noApplicantNotifier,
  });
  const staffService = createStaffService({ staff: models.staff, passwords: inputs.passwords, redis: deps.redis });
  return {
    ...models, enrollments, store, audit, photos, calendar, identityRegistry: registry, verification, contactChanges, support, desk,
    staffService, staffSessions: createStaffSessions(deps.redis),
  };
}

export type ReviewServices = ReturnType<typeof createReviewServices>;

export function reviewRouters(deps: Deps, review: ReviewServices, authenticated: Middleware<AppState>, captcha: CaptchaService): AppRouter[] {
  const routers = [
    verificationRoutes({ verification: review.verification, authenticated }),
    contactChangeRoutes({ contactChanges: review.contactChanges }),
    supportRoutes({ support: review.support }),
    enrollmentRoutes({ ...deps, enrollments: review.enrollments, internalApiToken: deps.config.internalApiToken }),
    adminRoutes({ ...review, captcha, directory: deps.directory, pii: deps.pii, production: deps.config.production }),
  ];
  if (deps.outbox && review.identityRegistry) routers.push(identityRegistryRoutes(review.identityRegistry));
  return routers;
}
