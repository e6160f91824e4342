/**
 * 2.3.2 实名认证 and 人工审核. A try asks the identity check with the account's document and name (or a corrected
 * name, which replaces the account's once verified). Tries are counted per account per Asia/Shanghai day, once
 * per try whatever the adapter retries, and given back when the service could not be reached. While a manual
 * review is pending there is no verification, no new review and no change of identity fields.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { secondsUntilShanghaiMidnight, shanghaiDate } from '../../../shared/src/dates';
import { validTo, VALIDITY_OPTIONS } from '../../../shared/src/id-documents';
import type { ManualReviewRequest } from '../../../shared/src/schemas/review';
import { ID_NUMBER_FIELD } from '../accounts/lookup';
import type { IdentityCheck } from '../adapters/identity-check';
import { applicantActor, type AuditLog } from '../admin/audit';
import { AppError } from '../http/errors';
import { REVIEW_PENDING_MESSAGE } from '../profile/service';
import type { AccountDocument, AccountModel } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import { hit, type Redis } from '../stores/redis';
import { pendingKeyOf, type CaseDocument, type CaseModel } from '../stores/review-cases';
import { fileCaseWithPhotos, type PhotoStore } from '../uploads/photo-store';
import type { Photo } from '../uploads/photos';
import { deadlineOf, type WorkingDayCalendar } from '../working-days/calendar';
import { reviewPeriodOf } from './periods';
import { AFTER_FAILURE, MANUAL_REVIEW_WORKING_DAYS, MANUAL_REVIEWS_PER_PERIOD, MESSAGES, VERIFICATIONS_PER_DAY } from './rules';

export type VerificationDeps = {
  accounts: AccountModel;
  cases: CaseModel;
  pii: Pii;
  redis: Redis;
  identity: IdentityCheck;
  audit: AuditLog;
  photos: PhotoStore;
  calendar: WorkingDayCalendar;
};

export type StaffRef = { id: string; name: string };

const triesKey = (accountId: string) => `verify-daily:${accountId}:${shanghaiDate()}`;

/** Statuses a failed try leaves as they are: 核验失败也不会影响业务办理及当前的人工审核通过状态. */
const KEPT_ON_FAILURE = new Set(['verified', 'manual-approved']);

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
    const period = reviewPeriodOf();
    const used = await deps.cases.countDocuments({
      kind: 'manual-review', accountId, submittedAt: { $gte: period.start, $lt: period.end },
    });
    return Math.max(0, MANUAL_REVIEWS_PER_PERIOD - used);
  }

  return {
    async status(accountId: string) {
      const account = await load(accountId);
      const [remainingToday, manualReviewsLeft, pending] = await Promise.all([
        triesLeft(accountId),
        reviewsLeft(accountId),
        deps.cases.findOne({ pendingKey: pendingKeyOf('manual-review', accountId) }, { ref: 1, submittedAt: 1 }).lean(),
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
          ? { id: pending.ref, submittedAt: pending.submittedAt, dueBy: deadlineOf(deps.calendar, pending.submittedAt, MANUAL_REVIEW_WORKING_DAYS).due }
          : null,
      };
    },

    async verify(accountId: string, correctedName?: string) {
      const account = await load(accountId);
      if (account.verification.status === 'manual-pending') throw new AppError('REVIEW_PENDING', REVIEW_PENDING_MESSAGE);
      const used = await hit(deps.redis, triesKey(accountId), secondsUntilShanghaiMidnight() + 60);
      if (used > VERIFICATIONS_PER_DAY) throw new AppError('VERIFY_DAILY_LIMIT', MESSAGES.dailyLimit, { remainingToday: 0 });

      const name = correctedName ?? account.name;
      let result;
      try {
        result = await deps.identity.check({
          idType: account.idType, idNumber: deps.pii.decrypt(ID_NUMBER_FIELD, account.idCipher), name,
        });
      } catch (error) {
        await deps.redis.decr(triesKey(accountId));
        throw error;
      }
      const remainingToday = Math.max(0, VERIFICATIONS_PER_DAY - used);

      if (result === 'match') {
        // Guarded on the status, so a review submitted meanwhile is not overwritten.
        const updated = await deps.accounts.updateOne(
          { _id: account._id, 'verification.status': { $ne: 'manual-pending' } },
          { $set: { name, verification: { status: 'verified', reason: null, updatedAt: new Date() } } },
        );
        if (updated.modifiedCount === 0) throw new AppError('REVIEW_PENDING', REVIEW_PENDING_MESSAGE);
        if (name !== account.name) {
          await deps.audit.record({
            actor: applicantActor(accountId), action: 'verification.name-replaced', accountId,
            summary: `实名核验通过，姓名由“${account.name}”更正为“${name}”`, detail: { from: account.name, to: name },
          });
        }
        return { status: 'verified' as const, remainingToday, message: MESSAGES.verified };
      }

      if (!KEPT_ON_FAILURE.has(account.verification.status)) {
        await deps.accounts.updateOne(
          { _id: account._id, 'verification.status': account.verification.status },
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
      if (!VALIDITY_OPTIONS[account.idType].includes(request.validity)) {
        throw new AppError('VALIDATION_FAILED', '该证件类型没有此有效时间段', { fields: { validity: '该证件类型没有此有效时间段' } });
      }
      const left = await reviewsLeft(accountId);
      if (left <= 0) throw new AppError('REVIEW_PERIOD_LIMIT', MESSAGES.periodLimit, { manualReviewsLeft: 0 });

      const caseId = new Types.ObjectId();
      const ref = randomBytes(12).toString('base64url');
      const submittedAt = new Date();
      await fileCaseWithPhotos(deps, {
        _id: caseId, ref, kind: 'manual-review', status: 'pending', accountId: account._id,
        pendingKey: pendingKeyOf('manual-review', accountId), submittedAt,
        details: {
          name: account.name, idType: account.idType, validity: request.validity, validFrom: request.validFrom,
          validTo: validTo(request.validity, request.validFrom), reason: request.reason,
        },
      }, photos, new AppError('REVIEW_PENDING', REVIEW_PENDING_MESSAGE));
      await deps.accounts.updateOne({ _id: account._id }, {
        $set: { verification: { status: 'manual-pending', reason: null, updatedAt: submittedAt } },
      });
      await deps.audit.record({
        actor: applicantActor(accountId), action: 'manual-review.submitted', accountId, caseRef: ref, summary: '申请人提交人工审核',
      });
      const deadline = deadlineOf(deps.calendar, submittedAt, MANUAL_REVIEW_WORKING_DAYS);
      return { id: ref, status: 'pending' as const, manualReviewsLeft: left - 1, dueBy: deadline.due, message: MESSAGES.reviewSubmitted };
    },

    /** 人工审核通过: the account is manual-approved and takes the validity fields the reviewer confirmed. */
    async approveReview(review: CaseDocument) {
      const d = review.details as { validity: string; validFrom: string; validTo: string | null };
      await deps.accounts.updateOne({ _id: review.accountId }, {
        $set: {
          validity: d.validity, validFrom: d.validFrom, validTo: d.validTo,
          verification: { status: 'manual-approved', reason: null, updatedAt: new Date() },
        },
      });
    },

    /** 人工审核不通过 with the reason the applicant sees (不通过原因：民族错误). */
    async rejectReview(review: CaseDocument, reason: string) {
      await deps.accounts.updateOne({ _id: review.accountId }, {
        $set: { verification: { status: 'manual-rejected', reason, updatedAt: new Date() } },
      });
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
