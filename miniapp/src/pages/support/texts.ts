/** The words of 咨询求助: the FAQ's cases, what each asks to attach, and when staff answer. */
import type { SupportKind } from '../../services/recovery';

export const SUPPORT_KIND_LABELS: Record<SupportKind, string> = {
  'account-check': '核查账号信息（注册时提示“该用户已注册”）',
  'name-garbled': '姓名显示为乱码',
  'gender-wrong': '性别信息错误',
  'contact-info': '修改手机（邮箱）信息',
  other: '其他问题',
};

/** What the FAQ asks each case to attach. */
export const PHOTO_FOR: Record<SupportKind, { label: string; hint: string }> = {
  'account-check': {
    label: '本人手持身份证件照片',
    hint: '本人手持自己的身份证件核心信息面的清晰照片（用来确认是申请人本人）。为保障您的个人信息安全，建议照片上标注“仅限在中国教师资格网办理业务使用”的字样。JPG格式，小于190KB，较大的照片将自动压缩。',
  },
  'contact-info': {
    label: '本人手持身份证件照片',
    hint: '本人手持自己的身份证件核心信息面的清晰照片（用来确认是申请人本人）。为保障您的个人信息安全，建议照片上标注“仅限在中国教师资格网办理业务使用”的字样。JPG格式，小于190KB，较大的照片将自动压缩。',
  },
  'name-garbled': { label: '身份证件信息面照片', hint: '请提供您的身份证件信息面的照片。JPG格式，小于190KB，较大的照片将自动压缩。' },
  'gender-wrong': { label: '身份证件信息面照片', hint: '请提供您的身份证件信息面的照片。JPG格式，小于190KB，较大的照片将自动压缩。' },
  other: { label: '身份证件信息面照片', hint: '请提供您的身份证件信息面的照片。JPG格式，小于190KB，较大的照片将自动压缩。' },
};

/** 工作人员会在工作日24小时内回复您的邮件 (FAQ 账号注册问题). */
export const REPLY_NOTICE = '提交成功后，工作人员会在工作日24小时内处理并回复至您填写的邮箱，请注意查收。';
