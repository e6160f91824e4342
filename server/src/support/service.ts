/**
 * Support requests (the FAQ's mail cases): 该用户已注册 but not theirs, a garbled name, a wrong gender, anything
 * else; each with a handheld-ID photo, queued for staff, who can correct the account's name and gender (recorded
 * in the audit log) and answer by mail. Whether an account exists for the number is shown to staff only.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { secondsUntilShanghaiMidnight, shanghaiDate } from '../../../shared/src/dates';
import { GENDERS } from '../../../shared/src/reference-data';
import type { SupportRequest } from '../../../shared/src/schemas/review';
import { ID_NUMBER_FIELD, idIndexOf, type AccountDirectory } from '../accounts/lookup';
import type { MailSender } from '../adapters/mail';
import { AppError } from '../http/errors';
import type { AccountModel } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import { hit, type Redis } from '../stores/redis';
import type { CaseDocument, CaseModel } from '../stores/review-cases';
import { fileCaseWithPhotos, type PhotoStore } from '../uploads/photo-store';
import type { Photo } from '../uploads/photos';
import { MESSAGES, SUPPORT_KIND_LABELS, SUPPORT_REQUESTS_PER_ADDRESS_PER_DAY } from './rules';

export type SupportDeps = { accounts: AccountModel; directory: AccountDirectory; cases: CaseModel; pii: Pii; redis: Redis; photos: PhotoStore; mail: MailSender };

export type SupportDetails = {
  request: SupportRequest['kind'];
  name: string;
  idType: SupportRequest['idType'];
  idCipher: string;
  phone: string;
  email: string;
  description: string;
};

export type Gender = (typeof GENDERS)[number];

export function createSupportService(deps: SupportDeps) {
  return {
    async submit(request: SupportRequest, photo: Photo, clientAddress: string) {
      const dayKey = `support-daily:${clientAddress}:${shanghaiDate()}`;
      if ((await hit(deps.redis, dayKey, secondsUntilShanghaiMidnight() + 60)) > SUPPORT_REQUESTS_PER_ADDRESS_PER_DAY) {
        throw new AppError('RATE_LIMITED', '今日提交申请的次数已达上限，请明天再试');
      }
      const idIndex = idIndexOf(deps.pii, request.idNumber);
      const account = await deps.directory.byIdIndex(idIndex);
      const caseId = new Types.ObjectId();
      const ref = randomBytes(12).toString('base64url');
      const details: SupportDetails = {
        request: request.kind, name: request.name, idType: request.idType,
        idCipher: deps.pii.encrypt(ID_NUMBER_FIELD, request.idNumber),
        phone: request.phone, email: request.email, description: request.description,
      };
      await fileCaseWithPhotos(deps, {
        _id: caseId, ref, kind: 'support-request', status: 'pending', accountId: account?._id ?? null,
        // One pending request of a kind per document number.
        pendingKey: `support-request:${request.kind}:${idIndex}`, submittedAt: new Date(), details,
      }, [photo], new AppError('REQUEST_PENDING', MESSAGES.pending));
      await deps.mail.send({
        to: request.email, subject: `（${request.name}）${SUPPORT_KIND_LABELS[request.kind]}`,
        text: MESSAGES.acknowledgement(SUPPORT_KIND_LABELS[request.kind]),
      });
      return { id: ref, status: 'pending' as const, message: MESSAGES.received };
    },

    /** Answers by mail at the address the applicant gave: the reply, and the reason when it was not resolved. */
    async answer(request: CaseDocument, outcome: 'approved' | 'rejected', reply: string, reason: string | null) {
      const d = request.details as SupportDetails;
      const lines = [
        `${d.name}您好：`,
        `关于您提交的“${SUPPORT_KIND_LABELS[d.request]}”申请，${outcome === 'approved' ? '已处理完毕' : '未能办理'}。`,
        ...(reason ? [`原因：${reason}`] : []),
        ...(reply ? [reply] : []),
        '中国教师资格网',
      ];
      await deps.mail.send({ to: d.email, subject: `回复：（${d.name}）${SUPPORT_KIND_LABELS[d.request]}`, text: lines.join('\n') });
    },

    /** Staff corrections of the account's name or gender; returns what changed, for the audit log. */
    async correct(request: CaseDocument, change: { name?: string; gender?: Gender }) {
      if (!request.accountId) throw new AppError('VALIDATION_FAILED', '该申请没有对应的账号，无法更正');
      const account = await deps.accounts.findById(request.accountId);
      if (!account) throw new AppError('VALIDATION_FAILED', '该申请没有对应的账号，无法更正');
      const set: Record<string, unknown> = {};
      const changes: { field: 'name' | 'gender'; from: string | null; to: string }[] = [];
      if (change.name && change.name !== account.name) {
        set.name = change.name;
        changes.push({ field: 'name', from: account.name, to: change.name });
      }
      if (change.gender && change.gender !== account.gender) {
        set.gender = change.gender;
        changes.push({ field: 'gender', from: account.gender ?? null, to: change.gender });
      }
      if (changes.length) await deps.accounts.updateOne({ _id: account._id }, { $set: set });
      return changes;
    },
  };
}

export type SupportService = ReturnType<typeof createSupportService>;
