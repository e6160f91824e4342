/** Request bodies of real-name verification, manual review, contact changes, support requests and enrollments. */
import { z } from 'zod';
import {
  emailField, idNumberField, idNumberRule, idTypeField, nameField, pastDateField, phoneField, regionField, validityField,
} from './fields';

const reasonField = z.string({ message: '请填写申请原因' }).trim().min(1, '请填写申请原因').max(500, '申请原因不能超过500字');

/** 实名认证: a corrected name may be given (如需修改姓名，请进入实名核验页面，将姓名修改正确后，点击实名核验). */
export const verificationRequest = z.object({ name: nameField.optional() });

/** 人工审核: the validity fields and a reason; the three photos travel as files of the same form. */
export const manualReviewRequest = z.object({
  validity: validityField,
  validFrom: pastDateField,
  reason: reasonField,
});
export type ManualReviewRequest = z.infer<typeof manualReviewRequest>;

export const CONTACT_KINDS = ['email', 'phone'] as const;

/** 修改邮箱地址 / 修改手机号码; the handheld photo travels as the `photo` file. */
export const contactChangeRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), newValue: emailField }),
  z.object({ kind: z.literal('phone'), newValue: phoneField }),
], { message: '请选择修改邮箱地址或修改手机号码' }).and(z.object({
  resetId: z.string({ message: '重置密码的操作已超时，请重新开始' }).min(1).max(200),
  code: z.string({ message: '请填写验证码' }).regex(/^\d{6}$/, '验证码为6位数字'),
  reason: reasonField,
}));
export type ContactChangeRequest = z.infer<typeof contactChangeRequest>;

/**
 * The FAQ's mail cases: 该用户已注册 (not theirs), 姓名显示为乱码, 性别信息错误, 申请修改手机（邮箱）信息 (`contact-info`:
 * the phone and mail given become the account's once staff approve), and anything else.
 */
export const SUPPORT_KINDS = ['account-check', 'name-garbled', 'gender-wrong', 'contact-info', 'other'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

export const supportRequest = z.object({
  kind: z.enum(SUPPORT_KINDS, { message: '请选择问题类型' }),
  name: nameField,
  idType: idTypeField,
  region: regionField.optional(),
  idNumber: idNumberField,
  phone: phoneField,
  email: emailField,
  description: z.string({ message: '请简要说明问题' }).trim().min(1, '请简要说明问题').max(1000, '问题说明不能超过1000字'),
}).superRefine(idNumberRule);
export type SupportRequest = z.infer<typeof supportRequest>;

export const enrollmentRequest = z.object({
  idType: idTypeField,
  idNumber: idNumberField,
  kind: z.enum(['certification', 'registration'], { message: 'kind 应为 certification 或 registration' }),
});
