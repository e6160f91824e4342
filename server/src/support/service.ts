/**
 * Support requests (the FAQ's mail cases): 该用户已注册 but not theirs, a garbled name, a wrong gender, a lost
 * phone and mail (`contact-info`), anything else; each with a handheld-ID photo, queued for staff, who can
 * correct the account's name and gender (recorded in the audit log), approve a contact-info request (the phone
 * and mail it gives become the account's) and answer by mail. Whether an account exists for the number is shown
 * to staff only; the applicant can follow the request by its id.
 */
import { secondsUntilShanghaiMidnight, shanghaiDate } from '../../../shared/src/dates';
import { maskIdNumber } from '../../../shared/src/id-documents';
import type { SupportRequest } from '../../../shared/src/schemas/review';
import { ID_NUMBER_FIELD, idIndexOf, type AccountDirectory } from '../accounts/lookup';
import type { Courier } from '../courier/courier';
import { AppError } from '../http/errors';
import type { CaseStore } from '../review/cases';
import type { ContactsChanged } from '../review/decision';
import { applicantCaseStatus, type AccountChange, type AccountCorrection, type ReviewKind } from '../review/kinds';
import type { AccountModel } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import { hit, type Redis } from '../stores/redis';
import { pendingKeyOf, type CaseRecord, type Decision } from '../stores/review-cases';
import type { Photo } from '../uploads/photos';
import type { WorkingDayCalendar } from '../working-days/calendar';
import { MESSAGES, SUPPORT_KIND_LABELS, SUPPORT_LABEL, SUPPORT_REQUESTS_PER_ADDRESS_PER_DAY, SUPPORT_WORKING_DAYS } from './rules';

export type SupportDeps = {
  accounts: AccountModel;
  directory: AccountDirectory;
  store: CaseStore;
  pii: Pii;
  redis: Redis;
  courier: Courier;
  calendar: WorkingDayCalendar;
};

export type SupportDetails = {
  request: SupportRequest['kind'];
  name: string;
  idType: SupportRequest['idType'];
  idCipher: string;
  phone: string;
  email: string;
  description: string;
};

const dayKey = (clientAddress: string) => `support-daily:${clientAddress}:${shanghaiDate()}`;

export function createSupportService(deps: SupportDeps) {
  /**
   * 申请修改手机（邮箱）信息 approved: the account takes the phone and mail given. What changed goes to the desk's
   * `contactsChanged` hooks (sessions end, old contacts are told); null when no account holds the number.
   */
  async function changeContacts(request: CaseRecord): Promise<ContactsChanged | null> {
    const d = request.details as SupportDetails;
    const account = request.accountId ? await deps.accounts.findById(request.accountId).lean() : null;
    if (!account) return null;
    await deps.accounts.updateOne({ _id: account._id }, { $set: { phone: d.phone, email: d.email } });
    return {
      accountId: String(account._id),
      changes: [{ channel: 'email', from: account.email ?? null, to: d.email }, { channel: 'sms', from: account.phone ?? null, to: d.phone }],
    };
  }

  /** Answers by mail at the address the applicant gave: the reply, and the reason when it was not resolved. */
  async function answer(request: CaseRecord, decision: Decision, extra: string[] = []) {
    const d = request.details as SupportDetails;
    await deps.courier.send('supportAnswer', { channel: 'email', to: d.email }, {
      name: d.name, label: SUPPORT_KIND_LABELS[d.request], outcome: decision.outcome, reason: decision.reason, extra, reply: decision.reply,
    });
  }

  /**
   * Staff corrections of the account's name or gender; returns what changed, for the audit log. A corrected
   * name has not been verified: the account goes back to 未实名认证 and the applicant is told by mail.
   */
  async function correct(request: CaseRecord, change: AccountCorrection): Promise<AccountChange[]> {
    const account = request.accountId ? await deps.accounts.findById(request.accountId).lean() : null;
    if (!account) throw new AppError('VALIDATION_FAILED', '该申请没有对应的账号，无法更正');
    const set: Record<string, unknown> = {};
    const changes: AccountChange[] = [];
    if (change.name && change.name !== account.name) {
      set.name = change.name;
      if (account.verification.status !== 'manual-pending') set.verification = { status: 'unverified', reason: null, updatedAt: new Date() };
      changes.push({ field: 'name', from: account.name, to: change.name });
    }
    if (change.gender && change.gender !== account.gender) {
      set.gender = change.gender;
      changes.push({ field: 'gender', from: account.gender ?? null, to: change.gender });
    }
    if (changes.length) await deps.accounts.updateOne({ _id: account._id }, { $set: set });
    if (set.name) {
      await deps.courier.send('nameCorrected', { channel: 'email', to: (request.details as SupportDetails).email }, { name: change.name! });
    }
    return changes;
  }

  return {
    /** Counts a request from this address against the daily limit; called before its upload is read. */
    async admit(clientAddress: string) {
      if ((await hit(deps.redis, dayKey(clientAddress), secondsUntilShanghaiMidnight() + 60)) > SUPPORT_REQUESTS_PER_ADDRESS_PER_DAY) {
        throw new AppError('RATE_LIMITED', '今日提交申请的次数已达上限，请明天再试');
      }
    },

    async submit(request: SupportRequest, photo: Photo) {
      const idIndex = idIndexOf(deps.pii, request.idNumber);
      const account = await deps.directory.byIdIndex(idIndex);
      const ref = deps.store.newRef();
      const details: SupportDetails = {
        request: request.kind, name: request.name, idType: request.idType,
        idCipher: deps.pii.encrypt(ID_NUMBER_FIELD, request.idNumber),
        phone: request.phone, email: request.email, description: request.description,
      };
      await deps.store.file(ref, {
        kind: 'support-request', accountId: account ? String(account._id) : null,
        // One pending request of a kind per document number.
        pendingKey: pendingKeyOf('support-request', `${request.kind}:${idIndex}`), details,
        snapshot: { name: request.name, idType: request.idType, maskedIdNumber: maskIdNumber(request.idNumber), summary: SUPPORT_KIND_LABELS[request.kind] },
      }, [photo], new AppError('REQUEST_PENDING', MESSAGES.pending));
      await deps.courier.send('supportReceived', { channel: 'email', to: request.email }, { name: request.name, label: SUPPORT_KIND_LABELS[request.kind] });
      return { id: ref, status: 'pending' as const, message: MESSAGES.received };
    },

    /** GET /api/v1/support-requests/{id}: its status and the staff answer (the id is an unguessable ref). */
    async get(ref: string) {
      const found = ref ? await deps.store.get(ref) : null;
      if (found?.kind !== 'support-request') throw new AppError('NOT_FOUND', MESSAGES.notFound);
      const d = found.details as SupportDetails;
      return { ...applicantCaseStatus(found, deps.calendar, SUPPORT_WORKING_DAYS), kind: d.request, reply: found.decision?.reply ?? null };
    },

    /** 咨询求助 as a kind of the review desk. */
    reviewKind: {
      kind: 'support-request',
      label: SUPPORT_LABEL,
      workingDays: SUPPORT_WORKING_DAYS,
      async approve(request, decision) {
        const contactInfo = (request.details as SupportDetails).request === 'contact-info';
        const contactsChanged = contactInfo ? await changeContacts(request) : null;
        await answer(request, decision, contactInfo && request.accountId ? [MESSAGES.contactInfoChanged] : []);
        return contactsChanged ? { contactsChanged } : undefined;
      },
      reject: (request, decision) => answer(request, decision),
      // Filed by number, perhaps by someone who cannot sign in: the number is the request's own.
      namedIdCipher: (request) => (request.details as SupportDetails).idCipher,
      correctAccount: correct,
    } satisfies ReviewKind as ReviewKind,
  };
}

export type SupportService = ReturnType<typeof createSupportService>;
