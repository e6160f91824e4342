/**
 * 2.3.2 实名认证 and 人工审核. A try asks the identity check with the account's document and name (or a corrected
 * name, which replaces the account's once verified). Tries are counted per account per Asia/Shanghai day, once
 * per try whatever the adapter retries, and given back when the service could not be reached. While a manual
 * review is pending there is no verification, no new review and no change of identity fields.
 */
import { secondsUntilShanghaiMidnight, shanghaiDate } from '../../../shared/src/dates';
import { maskIdNumber, validTo, VALIDITY_OPTIONS } from '../../../shared/src/id-documents';
import type { ManualReviewRequest } from '../../../shared/src/schemas/review';
import { ID_NUMBER_FIELD } from '../accounts/lookup';
import type { IdentityCheck, IdentityQuery } from '../adapters/identity-check';
import { applicantActor, type AuditLog } from '../audit/log';
import { AppError } from '../http/errors';
import { REVIEW_PENDING_MESSAGE } from '../profile/service';
import type { CaseStore } from '../review/cases';
import type { ReviewKind } from '../review/kinds';
import type { AccountDocument, AccountModel, AccountRecord } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import { hit, type Redis } from '../stores/redis';
import { pendingKeyOf, type CaseRecord } from '../stores/review-cases';
import type { Photo } from '../uploads/photos';
import { deadlineOf, type WorkingDayCalendar } from '../working-days/calendar';
import { reviewPeriodOf } from './periods';
import {
  AFTER_FAILURE, MANUAL_REVIEW_LABEL, MANUAL_REVIEW_WORKING_DAYS, MANUAL_REVIEWS_PER_PERIOD, MESSAGES, PASSED_STATUSES, VERIFICATIONS_PER_DAY,
} from './rules';

export type VerificationDeps = {
  accounts: AccountModel;
  store: CaseStore;
  pii: Pii;
  redis: Redis;
  identity: IdentityCheck;
  audit: AuditLog;
  calendar: WorkingDayCalendar;
};

export type StaffRef = { id: string; name: string };

const triesKey = (accountId: string) => `verify-daily:${accountId}:${shanghaiDate()}`;

/** Statuses a failed try leaves as they are: 核验失败也不会影响业务办理及当前的人工审核通过状态. */
const KEPT_ON_FAILURE = new Set(['verified', 'manual-approved']);

const quotaPrefix = (accountId: string, at = new Date()) => `quota:manual-review:${accountId}:${reviewPeriodOf(at).from}`;

/**
 * What the identity check is asked. 港澳台居民居住证 holders are checked with their 通行证 (manual 2.3.1:
 * 将使用通行证的信息进行实名认证): the pass of their region and its number; everyone else with their document.
 */
export function identityQueryOf(account: AccountRecord, pii: Pii, name: string): IdentityQuery {
  if (account.idType !== 'residence-permit') {
    return { idType: account.idType, idNumber: pii.decrypt(ID_NUMBER_FIELD, account.idCipher), name };
  }
  if (!account.passNumberCipher) {
    throw new AppError('VALIDATION_FAILED', MESSAGES.passNumberNeeded, { fields: { passNumber: MESSAGES.passNumberNeeded } });
  }
  return { idType: account.region === 'tw' ? 'tw-permit' : 'hkmo-permit', idNumber: pii.decrypt('passNumber', account.passNumberCipher), name };
}

export function createVerificationService(deps: VerificationDeps) {
  async function load(accountId: string): Promise<AccountDocument> {
    const account = await deps.accounts.findById(accountId);
    if (!account || account.legacy) throw new AppError('UNAUTHENTICATED', '请先登录');
    return account;
  }

  async function triesLeft(accountId: string): Promise<number> {
    return Math.max(0, VERIFICATIONS_PER_DAY - Number(await deps.redis.get(triesKey(accountId))));
  }

  async function reviewsLeft(accountId: string): Promise<number> {
    return Math.max(0, MANUAL_REVIEWS_PER_PERIOD - (await deps.store.quotaUsed(quotaPrefix(accountId), MANUAL_REVIEWS_PER_PERIOD)));
  }

  /** The applicant's pending manual review, if any (a few `_id` reads). */
  const pendingReview = (accountId: string) => deps.store.pendingCase(pendingKeyOf('manual-review', accountId));

  return {
    async status(accountId: string) {
      const account = await load(accountId);
      const [remainingToday, manualReviewsLeft, pending] = await Promise.all([
        triesLeft(accountId),
        reviewsLeft(accountId),
        pendingReview(accountId),
      ]);
      const { status, reason } = account.verification;
      const period = reviewPeriodOf();
      return {
        status,
        reason: status === 'manual-rejected' ? reason ?? null : null,
        name: account.name,
        remainingToday,
        manualReviewsLeft,
        period: { from: period.from, to: period.to },
        confirmation: MESSAGES.confirm(remainingToday, account.name),
        pendingReview: pending
          ? { id: pending._id, submittedAt: pending.submittedAt, dueBy: deadlineOf(deps.calendar, pending.submittedAt, MANUAL_REVIEW_WORKING_DAYS).due }
          : null,
      };
    },

    async verify(accountId: string, correctedName?: string) {
      const account = await load(accountId);
      if (account.verification.status === 'manual-pending') throw new AppError('REVIEW_PENDING', REVIEW_PENDING_MESSAGE);
      identityQueryOf(account, deps.pii, account.name); // refuses before a try is spent when the 通行证号码 is missing
      const used = await hit(deps.redis, triesKey(accountId), secondsUntilShanghaiMidnight() + 60);
      if (used > VERIFICATIONS_PER_DAY) throw new AppError('VERIFY_DAILY_LIMIT', MESSAGES.dailyLimit, { remainingToday: 0 });

      const name = correctedName ?? account.name;
      let result;
      try {
        result = await deps.identity.check(identityQueryOf(account, deps.pii, name));
      } catch (error) {
        await deps.redis.decr(triesKey(accountId));
        throw error;
      }
      const remainingToday = Math.max(0, VERIFICATIONS_PER_DAY - used);

      if (result === 'match') {
        // A review submitted meanwhile is not overwritten. (A filter beyond `_id` would make FerretDB read every
        // account, so this is a read of the review's key just before the `_id` write.)
        if (await pendingReview(accountId)) throw new AppError('REVIEW_PENDING', REVIEW_PENDING_MESSAGE);
        await deps.accounts.updateOne(
          { _id: account._id },
          { $set: { name, verification: { status: 'verified', reason: null, updatedAt: new Date() } } },
        );
        if (name !== account.name) {
          await deps.audit.record({
            actor: applicantActor(accountId), action: 'verification.name-replaced', accountId,
            summary: `实名核验通过，姓名由“${account.name}”更正为“${name}”`, detail: { from: account.name, to: name },
          });
        }
        return { status: 'verified' as const, remainingToday, message: MESSAGES.verified };
      }

      if (!KEPT_ON_FAILURE.has(account.verification.status) && !(await pendingReview(accountId))) {
        await deps.accounts.updateOne(
          { _id: account._id },
          { $set: { verification: { status: 'failed', reason: null, updatedAt: new Date() } } },
        );
      }
      return {
        status: 'failed' as const,
        remainingToday,
        message: MESSAGES.failed,
        next: {
          ...(account.idType === 'resident-id' ? { ctidGuide: AFTER_FAILURE.ctidGuide } : {}),
          manualReview: { ...AFTER_FAILURE.manualReview, remainingThisPeriod: await reviewsLeft(accountId) },
        },
      };
    },

    async submitManualReview(accountId: string, request: ManualReviewRequest, photos: Photo[]) {
      const account = await load(accountId);
      if (account.verification.status === 'manual-pending') throw new AppError('REVIEW_PENDING', REVIEW_PENDING_MESSAGE);
      if (PASSED_STATUSES.has(account.verification.status)) throw new AppError('ALREADY_VERIFIED', MESSAGES.notNeeded);
      if (!VALIDITY_OPTIONS[account.idType].includes(request.validity)) {
        throw new AppError('VALIDATION_FAILED', '该证件类型没有此有效时间段', { fields: { validity: '该证件类型没有此有效时间段' } });
      }
      const ref = deps.store.newRef();
      const filed = await deps.store.file(ref, {
        kind: 'manual-review', accountId, pendingKey: pendingKeyOf('manual-review', accountId),
        quota: {
          prefix: quotaPrefix(accountId), max: MANUAL_REVIEWS_PER_PERIOD,
          error: new AppError('REVIEW_PERIOD_LIMIT', MESSAGES.periodLimit, { manualReviewsLeft: 0 }),
        },
        details: {
          name: account.name, idType: account.idType, validity: request.validity, validFrom: request.validFrom,
          validTo: validTo(request.validity, request.validFrom), reason: request.reason,
        },
        snapshot: {
          name: account.name, idType: account.idType, maskedIdNumber: maskIdNumber(deps.pii.decrypt(ID_NUMBER_FIELD, account.idCipher)),
          summary: request.reason.slice(0, 40),
        },
      }, photos, new AppError('REVIEW_PENDING', REVIEW_PENDING_MESSAGE));
      await deps.accounts.updateOne({ _id: account._id }, {
        $set: { verification: { status: 'manual-pending', reason: null, updatedAt: filed.submittedAt } },
      });
      await deps.audit.record({
        actor: applicantActor(accountId), action: 'manual-review.submitted', accountId, caseRef: ref, summary: '申请人提交人工审核',
      });
      const deadline = deadlineOf(deps.calendar, filed.submittedAt, MANUAL_REVIEW_WORKING_DAYS);
      return {
        id: ref, status: 'pending' as const, manualReviewsLeft: await reviewsLeft(accountId), dueBy: deadline.due, message: MESSAGES.reviewSubmitted,
      };
    },

    /** 人工审核 as a kind of the review desk. */
    reviewKind: {
      kind: 'manual-review',
      label: MANUAL_REVIEW_LABEL,
      workingDays: MANUAL_REVIEW_WORKING_DAYS,
      /** 人工审核通过: the account is manual-approved and takes the validity fields the reviewer confirmed. */
      async approve(review: CaseRecord) {
        const d = review.details as { validity: string; validFrom: string; validTo: string | null };
        const account = await deps.accounts.findById(review.accountId).lean();
        // A verification passed meanwhile stays: 核验成功后核验状态将更新 (manual 2.3.2).
        const status = account?.verification.status === 'verified' ? 'verified' : 'manual-approved';
        await deps.accounts.updateOne({ _id: review.accountId }, {
          $set: {
            validity: d.validity, validFrom: d.validFrom, validTo: d.validTo,
            verification: { status, reason: null, updatedAt: new Date() },
          },
        });
      },
      /**
       * 人工审核不通过 with the reason the applicant sees (不通过原因：民族错误). It never takes a passed status
       * away: only an account still waiting for this review becomes manual-rejected.
       */
      async reject(review: CaseRecord, decision) {
        const account = await deps.accounts.findById(review.accountId).lean();
        if (!account || PASSED_STATUSES.has(account.verification.status)) return;
        await deps.accounts.updateOne({ _id: review.accountId }, {
          $set: { verification: { status: 'manual-rejected', reason: decision.reason, updatedAt: new Date() } },
        });
      },
    } satisfies ReviewKind as ReviewKind,
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
