/**
 * The personal centre (个人信息中心): 2.3.1 完善个人信息, 修改密码 and 修改手机号码.
 */
import { validTo, VALIDITY_OPTIONS } from '../../../shared/src/id-documents';
import type { ProfileUpdateRequest } from '../../../shared/src/schemas/accounts';
import type { PasswordHasher } from '../accounts/passwords';
import type { CodeService } from '../codes/service';
import type { FlowHooks } from '../hooks';
import { AppError } from '../http/errors';
import type { AccountDocument, AccountModel } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import { hit, type Redis } from '../stores/redis';
import { isProfileComplete } from '../accounts/view';
import {
  COMPLETE_PROFILE_NOTICE, PASSWORD_CHECK_WINDOW_SECONDS, PASSWORD_CHECKS_EXCEEDED, PASSWORD_CHECKS_PER_WINDOW, PASSWORD_NEEDED,
  VERIFICATION_NOTICES, type NextStep,
} from './rules';

/** 待人工审核期间，您不可修改所提交信息 (FAQ 实名核验 (4)). */
export const REVIEW_PENDING_MESSAGE = '您已提交人工审核，请耐心等待；审核期间不可修改所提交信息，也不可进行实名核验';

const IDENTITY_FIELDS = ['ethnicity', 'validity', 'validFrom', 'gender', 'birthDate', 'passNumber', 'localIdNumber'] as const;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields: { [field]: message } });
}

/** What the password change's hooks are told: the account, and the session the change was made in. */
export type PasswordChanged = { accountId: string; sessionId: string };

export type ProfileDeps = {
  accounts: AccountModel; pii: Pii; redis: Redis; codes: CodeService; passwords: PasswordHasher;
  afterPasswordChange: FlowHooks<PasswordChanged>;
};

/** 完善个人信息 first, then 实名认证 (`GET /api/v1/me` says which, with the manual's prompt). */
export function nextStepOf(account: AccountDocument): { nextStep: NextStep; notice: string | null } {
  if (!isProfileComplete(account)) return { nextStep: 'complete-profile', notice: COMPLETE_PROFILE_NOTICE };
  const notice = VERIFICATION_NOTICES[account.verification.status] ?? null;
  return notice ? { nextStep: 'verify', notice } : { nextStep: null, notice: null };
}

export function createProfileService(deps: ProfileDeps) {
  async function load(accountId: string): Promise<AccountDocument> {
    const account = await deps.accounts.findById(accountId);
    if (!account || account.legacy) throw new AppError('UNAUTHENTICATED', '请先登录');
    return account;
  }

  /**
   * Checks the current password, counting the check first (atomically, so parallel guesses are all counted):
   * more than PASSWORD_CHECKS_PER_WINDOW in the window is RATE_LIMITED, right or wrong.
   */
  async function checkPassword(account: AccountDocument, password: string | undefined, field: string, message: string) {
    if (!password) throw invalid(field, PASSWORD_NEEDED);
    const key = `password-check:${String(account._id)}`;
    if ((await hit(deps.redis, key, PASSWORD_CHECK_WINDOW_SECONDS)) > PASSWORD_CHECKS_PER_WINDOW) {
      throw new AppError('RATE_LIMITED', PASSWORD_CHECKS_EXCEEDED);
    }
    if (!account.passwordHash || !(await deps.passwords.verify(account.passwordHash, password))) throw invalid(field, message);
    await deps.redis.del(key);
  }

  return {
    load,

    async update(accountId: string, change: ProfileUpdateRequest): Promise<AccountDocument> {
      const account = await load(accountId);
      if (account.verification.status === 'manual-pending' && IDENTITY_FIELDS.some((f) => change[f] !== undefined)) {
        throw new AppError('REVIEW_PENDING', REVIEW_PENDING_MESSAGE);
      }
      const permitHolder = account.idType !== 'resident-id';
      if (!permitHolder && (change.gender || change.birthDate || change.passNumber || change.localIdNumber)) {
        throw invalid('gender', '居民身份证持有人的性别和出生日期以证件号码为准，无需填写港澳台证件信息');
      }
      if (change.passNumber && account.idType !== 'residence-permit') {
        throw invalid('passNumber', '只有港澳台居民居住证持有人需要填写通行证号码');
      }

      const set: Record<string, unknown> = {};
      if (change.ethnicity) set.ethnicity = change.ethnicity;
      if (change.validity || change.validFrom) {
        const validity = change.validity ?? account.validity;
        const validFrom = change.validFrom ?? account.validFrom;
        if (!validity || !validFrom) throw invalid('validFrom', '请同时填写身份证件有效时间段和有效开始日期');
        if (!VALIDITY_OPTIONS[account.idType].includes(validity)) throw invalid('validity', '该证件类型没有此有效时间段');
        Object.assign(set, { validity, validFrom, validTo: validTo(validity, validFrom) });
      }
      if (change.gender) set.gender = change.gender;
      if (change.birthDate) set.birthDate = change.birthDate;
      if (change.passNumber) set.passNumberCipher = deps.pii.encrypt('passNumber', change.passNumber);
      if (change.localIdNumber) set.localIdNumberCipher = deps.pii.encrypt('localIdNumber', change.localIdNumber);
      const write = async () => {
        const updated = await deps.accounts.findByIdAndUpdate(accountId, { $set: set }, { new: true });
        if (!updated) throw new AppError('UNAUTHENTICATED', '请先登录');
        return updated;
      };
      if (change.email && change.email !== account.email) {
        if (!change.emailCode) throw invalid('emailCode', '修改邮箱需要填写发送到新邮箱的验证码');
        await checkPassword(account, change.password, 'password', '密码错误');
        set.email = change.email;
        return deps.codes.spendOn({ purpose: 'change-email', channel: 'email', to: change.email }, change.emailCode, write);
      }
      return write();
    },

    /** 修改密码: the old password proves the applicant; the hooks end every other session of the account. */
    async changePassword(accountId: string, sessionId: string, oldPassword: string, newPassword: string) {
      const account = await load(accountId);
      await checkPassword(account, oldPassword, 'oldPassword', '原密码错误');
      await deps.accounts.updateOne({ _id: account._id }, {
        $set: { passwordHash: await deps.passwords.hash(newPassword), passwordChangedAt: new Date() },
      });
      await deps.afterPasswordChange.run({ accountId, sessionId });
    },

    /** 修改手机号码: the current password again, and a change-phone code sent to the new number proves the applicant holds it. */
    async changePhone(accountId: string, phone: string, code: string, password: string) {
      await checkPassword(await load(accountId), password, 'password', '密码错误');
      return deps.codes.spendOn({ purpose: 'change-phone', channel: 'sms', to: phone }, code,
        () => deps.accounts.findByIdAndUpdate(accountId, { $set: { phone } }, { new: true }));
    },
  };
}
