/**
 * 修改账号绑定的联系方式: an applicant who cannot reset the password (the bound mail or phone is gone) asks,
 * from the 忘记密码 flow, to bind a new one: proven by a code sent to it and a handheld-ID photo, decided by
 * staff within 1 working day, and answered at the new contact. One pending at a time; refused for accounts with
 * an 认定 or 定期注册 application.
 */
import { maskIdNumber } from '../../../shared/src/id-documents';
import type { ContactChangeRequest } from '../../../shared/src/schemas/review';
import { ID_NUMBER_FIELD } from '../accounts/lookup';
import { applicantActor, type AuditLog } from '../audit/log';
import type { CodeService } from '../codes/service';
import type { Courier } from '../courier/courier';
import { AppError } from '../http/errors';
import type { ResetFlows } from '../recovery/flows';
import type { FlowAccess } from '../recovery/service';
import type { EnrollmentService } from '../enrollment/service';
import type { CaseStore } from '../review/cases';
import { applicantCaseStatus, type ReviewKind } from '../review/kinds';
import type { AccountModel } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import { pendingKeyOf, type CaseRecord } from '../stores/review-cases';
import type { Photo } from '../uploads/photos';
import type { WorkingDayCalendar } from '../working-days/calendar';
import { secondsUntilShanghaiMidnight, shanghaiDate } from '../../../shared/src/dates';
import { hit, type Redis } from '../stores/redis';
import {
  CONTACT_CHANGES_PER_ADDRESS_PER_DAY, CONTACT_CHANGE_LABEL, CONTACT_CHANGE_WORKING_DAYS, MESSAGES,
} from './rules';

export type ContactChangeDeps = {
  accounts: AccountModel;
  store: CaseStore;
  redis: Redis;
  pii: Pii;
  enrollments: Pick<EnrollmentService, 'hasEnrolled'>;
  flowAccess: FlowAccess;
  flows: ResetFlows;
  codes: CodeService;
  audit: AuditLog;
  courier: Courier;
  calendar: WorkingDayCalendar;
};

export type ContactChangeDetails = { change: 'email' | 'phone'; newValue: string; oldValue: string | null; reason: string };

/** The courier's channel for a contact of this kind. */
const channelOf = (change: ContactChangeDetails['change']) => (change === 'email' ? 'email' as const : 'sms' as const);

export function createContactChangeService(deps: ContactChangeDeps) {
  return {
    /** Counts a request from this address against the daily limit; called before its upload is read. */
    async admit(clientAddress: string) {
      const key = `contact-change-daily:${clientAddress}:${shanghaiDate()}`;
      if ((await hit(deps.redis, key, secondsUntilShanghaiMidnight() + 60)) > CONTACT_CHANGES_PER_ADDRESS_PER_DAY) {
        throw new AppError('RATE_LIMITED', '今日提交申请的次数已达上限，请明天再试');
      }
    },

    async submit(request: ContactChangeRequest, photo: Photo) {
      const { account } = await deps.flowAccess.open(request.resetId);
      const accountId = account._id.toString();
      if (await deps.enrollments.hasEnrolled(accountId)) {
        throw new AppError('ENROLLED', MESSAGES.enrolled, { supportKind: 'contact-info', route: '/api/v1/support-requests' });
      }
      if (await deps.store.pendingCase(pendingKeyOf('contact-change', accountId))) throw new AppError('REQUEST_PENDING', MESSAGES.pending);
      const oldValue = request.kind === 'email' ? account.email ?? null : account.phone ?? null;
      if (request.newValue === oldValue) {
        throw new AppError('VALIDATION_FAILED', MESSAGES.sameValue, { fields: { newValue: MESSAGES.sameValue } });
      }
      const ref = deps.store.newRef();
      const details: ContactChangeDetails = { change: request.kind, newValue: request.newValue, oldValue, reason: request.reason };
      const target = request.kind === 'email'
        ? { purpose: 'change-email' as const, channel: 'email' as const, to: request.newValue }
        : { purpose: 'change-phone' as const, channel: 'sms' as const, to: request.newValue };
      await deps.codes.spendOn(target, request.code, () => deps.store.file(ref, {
        kind: 'contact-change', accountId, pendingKey: pendingKeyOf('contact-change', accountId), details,
        snapshot: {
          name: account.name, idType: account.idType, maskedIdNumber: maskIdNumber(deps.pii.decrypt(ID_NUMBER_FIELD, account.idCipher)),
          summary: request.kind === 'email' ? '修改邮箱地址' : '修改手机号码',
        },
      }, [photo], new AppError('REQUEST_PENDING', MESSAGES.pending)));
      await deps.audit.record({
        actor: applicantActor(accountId), action: 'contact-change.submitted', accountId, caseRef: ref,
        summary: request.kind === 'email' ? '申请人提交修改邮箱地址申请' : '申请人提交修改手机号码申请',
      });
      return { id: ref, status: 'pending' as const, message: MESSAGES.submitted[request.kind] };
    },

    async get(ref: string) {
      const found = ref ? await deps.store.get(ref) : null;
      if (found?.kind !== 'contact-change') throw new AppError('NOT_FOUND', MESSAGES.notFound);
      const details = found.details as ContactChangeDetails;
      return { ...applicantCaseStatus(found, deps.calendar, CONTACT_CHANGE_WORKING_DAYS), kind: details.change };
    },

    /** 修改联系方式 as a kind of the review desk. */
    reviewKind: {
      kind: 'contact-change',
      label: CONTACT_CHANGE_LABEL,
      workingDays: CONTACT_CHANGE_WORKING_DAYS,
      /**
       * Binds the new contact and tells it: a mail with a fresh 24-hour reset link, or an SMS. The desk's
       * `contactsChanged` hooks end the account's sessions and tell the old contact.
       */
      async approve(request: CaseRecord) {
        const details = request.details as ContactChangeDetails;
        const accountId = request.accountId ?? '';
        await deps.accounts.updateOne({ _id: accountId }, { $set: { [details.change]: details.newValue } });
        if (details.change === 'email') {
          const token = await deps.flows.issueLink(accountId);
          await deps.courier.send('contactChangeApprovedEmail', { channel: 'email', to: details.newValue }, { token });
        } else {
          await deps.courier.send('contactChangeApprovedPhone', { channel: 'sms', to: details.newValue }, {});
        }
        return { contactsChanged: { accountId, changes: [{ channel: channelOf(details.change), from: details.oldValue, to: details.newValue }] } };
      },
      async reject(request: CaseRecord, decision) {
        const details = request.details as ContactChangeDetails;
        await deps.courier.send('contactChangeRejected', { channel: channelOf(details.change), to: details.newValue }, { reason: decision.reason ?? '' });
      },
    } satisfies ReviewKind as ReviewKind,
  };
}

export type ContactChangeService = ReturnType<typeof createContactChangeService>;
