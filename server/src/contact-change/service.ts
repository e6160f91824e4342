/**
 * 修改账号绑定的联系方式: an applicant who cannot reset the password (the bound mail or phone is gone) asks,
 * from the 忘记密码 flow, to bind a new one: proven by a code sent to it and a handheld-ID photo, decided by
 * staff within 1 working day, and answered at the new contact. One pending at a time; refused for accounts with
 * an 认定 or 定期注册 application.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { ContactChangeRequest } from '../../../shared/src/schemas/review';
import type { MailSender } from '../adapters/mail';
import type { SmsSender } from '../adapters/sms';
import { applicantActor, type AuditLog } from '../admin/audit';
import type { CodeService } from '../codes/service';
import { AppError } from '../http/errors';
import type { ResetFlows } from '../recovery/flows';
import type { RecoveryService } from '../recovery/service';
import { resetLinkMail } from '../recovery/strategies/mail-link';
import type { EnrollmentService } from '../enrollment/service';
import type { AccountModel } from '../stores/accounts';
import { pendingKeyOf, type CaseDocument, type CaseModel } from '../stores/review-cases';
import { fileCaseWithPhotos, type PhotoStore } from '../uploads/photo-store';
import type { Photo } from '../uploads/photos';
import { deadlineOf, type WorkingDayCalendar } from '../working-days/calendar';
import { CONTACT_CHANGE_WORKING_DAYS, emailApprovedText, MESSAGES, PHONE_APPROVED_TEXT, rejectedText } from './rules';

export type ContactChangeDeps = {
  accounts: AccountModel;
  cases: CaseModel;
  enrollments: Pick<EnrollmentService, 'hasEnrolled'>;
  recovery: RecoveryService;
  flows: ResetFlows;
  codes: CodeService;
  photos: PhotoStore;
  audit: AuditLog;
  mail: MailSender;
  sms: SmsSender;
  calendar: WorkingDayCalendar;
  publicUrl: string;
};

export type ContactChangeDetails = { change: 'email' | 'phone'; newValue: string; oldValue: string | null; reason: string };

export function createContactChangeService(deps: ContactChangeDeps) {
  return {
    async submit(request: ContactChangeRequest, photo: Photo) {
      const account = await deps.recovery.accountOfFlow(request.resetId);
      const accountId = account._id.toString();
      if (await deps.enrollments.hasEnrolled(accountId)) throw new AppError('ENROLLED', MESSAGES.enrolled);
      if (await deps.cases.exists({ pendingKey: pendingKeyOf('contact-change', accountId) })) {
        throw new AppError('REQUEST_PENDING', MESSAGES.pending);
      }
      const oldValue = request.kind === 'email' ? account.email ?? null : account.phone ?? null;
      if (request.newValue === oldValue) {
        throw new AppError('VALIDATION_FAILED', MESSAGES.sameValue, { fields: { newValue: MESSAGES.sameValue } });
      }
      await deps.codes.consume(
        request.kind === 'email'
          ? { purpose: 'change-email', channel: 'email', to: request.newValue }
          : { purpose: 'change-phone', channel: 'sms', to: request.newValue },
        request.code,
      );

      const caseId = new Types.ObjectId();
      const ref = randomBytes(12).toString('base64url');
      const details: ContactChangeDetails = { change: request.kind, newValue: request.newValue, oldValue, reason: request.reason };
      await fileCaseWithPhotos(deps, {
        _id: caseId, ref, kind: 'contact-change', status: 'pending', accountId: account._id,
        pendingKey: pendingKeyOf('contact-change', accountId), submittedAt: new Date(), details,
      }, [photo], new AppError('REQUEST_PENDING', MESSAGES.pending));
      await deps.audit.record({
        actor: applicantActor(accountId), action: 'contact-change.submitted', accountId, caseRef: ref,
        summary: request.kind === 'email' ? '申请人提交修改邮箱地址申请' : '申请人提交修改手机号码申请',
      });
      return { id: ref, status: 'pending' as const, message: MESSAGES.submitted[request.kind] };
    },

    async get(ref: string) {
      const found = await deps.cases.findOne({ ref, kind: 'contact-change' }).lean();
      if (!found) throw new AppError('NOT_FOUND', MESSAGES.notFound);
      const details = found.details as ContactChangeDetails;
      return {
        id: found.ref,
        kind: details.change,
        status: found.status,
        reason: found.status === 'rejected' ? found.decision?.reason ?? null : null,
        submittedAt: found.submittedAt,
        dueBy: deadlineOf(deps.calendar, found.submittedAt, CONTACT_CHANGE_WORKING_DAYS).due,
        decidedAt: found.decision?.at ?? null,
      };
    },

    /** Binds the new contact and tells the applicant there: a mail with a fresh 24-hour reset link, or an SMS. */
    async approve(request: CaseDocument) {
      const details = request.details as ContactChangeDetails;
      const accountId = request.accountId?.toString() ?? '';
      await deps.accounts.updateOne({ _id: request.accountId }, { $set: { [details.change]: details.newValue } });
      if (details.change === 'email') {
        const token = await deps.flows.issueLink(accountId);
        await deps.mail.send({
          to: details.newValue, subject: '中国教师资格网修改邮箱地址审核通过', text: emailApprovedText(resetLinkMail(deps.publicUrl, token)),
        });
      } else {
        await deps.sms.send(details.newValue, PHONE_APPROVED_TEXT);
      }
    },

    async reject(request: CaseDocument, reason: string) {
      const details = request.details as ContactChangeDetails;
      if (details.change === 'email') {
        await deps.mail.send({ to: details.newValue, subject: '中国教师资格网修改邮箱地址审核不通过', text: rejectedText('email', reason) });
      } else {
        await deps.sms.send(details.newValue, rejectedText('phone', reason));
      }
    },
  };
}

export type ContactChangeService = ReturnType<typeof createContactChangeService>;
