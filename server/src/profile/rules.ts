/** 2.3.1 首次登录完善个人信息 and 2.3.2 实名认证, as the personal centre applies them. */
import type { VerificationStatus } from '../stores/accounts';

export type NextStep = 'complete-profile' | 'verify' | null;

/** 登录成功后, 对于账号注册后首次登录的或个人信息没有完善的申请人, 须先完善个人信息 (manual 2.3.1). */
export const COMPLETE_PROFILE_NOTICE = '您的个人信息尚未完善，须先完善个人信息，再进行实名认证和办理业务';
/** 首次登录之后, 需先通过实名认证, 才可办理后续业务 … 您还未进行实名认证, 需进入“个人信息中心”完成实名认证, 再办理业务! (manual 2.3.2). */
export const VERIFY_NOTICE = '您还未进行实名认证，需进入“个人信息中心”完成实名认证，再办理业务！';

/** What the applicant is told while verification is not passed, by status (manual 2.3.2's 提示 lines). */
export const VERIFICATION_NOTICES: Partial<Record<VerificationStatus, string>> = {
  unverified: VERIFY_NOTICE,
  failed: VERIFY_NOTICE,
  /** 提示：您已提交人工审核，请耐心等待 */
  'manual-pending': '您已提交人工审核，请耐心等待',
  /** 提示：人工审核不通过。如审核不通过，您可按系统提示的“不通过原因”修改个人信息后重新提交人工审核。 */
  'manual-rejected': '人工审核不通过。您可按系统提示的“不通过原因”修改个人信息后重新提交人工审核。',
};

/**
 * Changing the bound mail or phone asks for the password again; wrong passwords there (and in 修改密码) are
 * counted per account: this many in the window, then RATE_LIMITED (ours, against guessing from a stolen session).
 */
export const PASSWORD_CHECKS_PER_WINDOW = 5;
export const PASSWORD_CHECK_WINDOW_SECONDS = 15 * 60;
export const PASSWORD_CHECKS_EXCEEDED = '原密码错误次数过多，请15分钟后再试';
export const PASSWORD_NEEDED = '修改绑定的邮箱或手机号码需要输入当前密码';
