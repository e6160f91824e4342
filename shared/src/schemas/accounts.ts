/** Request bodies of registration, login and the personal centre. */
import { z } from 'zod';
import { shanghaiDate } from '../dates';
import { validTo, VALIDITY_OPTIONS } from '../id-documents';
import {
  captchaTokenField, dateField, emailField, ethnicityField, genderField, idNumberField, idNumberRule, idTypeField,
  nameField, otpCodeField, passwordField, pastDateField, phoneField, regionField, validityField,
} from './fields';

export const registrationRequest = z.object({
  idType: idTypeField,
  region: regionField.optional(),
  idNumber: idNumberField,
  name: nameField,
  validity: validityField,
  validFrom: pastDateField,
  password: passwordField,
  email: emailField,
  phone: phoneField,
  otp: z.object({ channel: z.enum(['sms', 'wechat'], { message: '请选择验证码来源' }), code: otpCodeField }),
  captchaToken: captchaTokenField,
  agreed: z.literal(true, { message: '请阅读并同意《中国教师资格网注册协议》' }),
}).superRefine(idNumberRule).superRefine((value, ctx) => {
  if (!VALIDITY_OPTIONS[value.idType].includes(value.validity)) {
    ctx.addIssue({ code: 'custom', path: ['validity'], message: '该证件类型没有此有效时间段' });
  }
  const end = validTo(value.validity, value.validFrom);
  if (end !== null && end < shanghaiDate()) {
    ctx.addIssue({ code: 'custom', path: ['validFrom'], message: '证件已过有效期，请使用有效身份证件注册' });
  }
});
export type RegistrationRequest = z.infer<typeof registrationRequest>;

export const loginRequest = z.object({
  idNumber: idNumberField,
  password: z.string({ message: '请填写密码' }).min(1, '请填写密码').max(200, '密码过长'),
  captchaToken: captchaTokenField,
});
export type LoginRequest = z.infer<typeof loginRequest>;

/**
 * 在此界面可补充或修改民族、证件有效时间段、证件有效开始时间和邮箱信息 (FAQ 个人身份信息补充、修改);
 * 港澳台申请人还需要补充性别、出生日期等信息. A new mail address needs a change-email code sent to it.
 */
export const profileUpdateRequest = z.strictObject({
  ethnicity: ethnicityField.optional(),
  validity: validityField.optional(),
  validFrom: pastDateField.optional(),
  email: emailField.optional(),
  emailCode: otpCodeField.optional(),
  /** The current password, required with a new `email` (changing a bound contact asks for it again). */
  password: z.string().min(1, '请输入当前密码').max(200).optional(),
  gender: genderField.optional(),
  birthDate: pastDateField.optional(),
  passNumber: z.string().trim().toUpperCase().regex(/^[HM]\d{8}$|^\d{8}$/, '通行证号码应为H或M加8位数字（港澳）或8位数字（台湾）').optional(),
  localIdNumber: z.string().trim().toUpperCase().regex(/^[A-Z0-9()（）]{6,20}$/, '请填写港澳或台湾当地有效身份证件号码').optional(),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? '包含不可修改的字段' : undefined) }).refine((v) => Object.keys(v).length > 0, '没有需要修改的信息');
export type ProfileUpdateRequest = z.infer<typeof profileUpdateRequest>;

export const passwordChangeRequest = z.object({
  oldPassword: z.string({ message: '请填写原密码' }).min(1, '请填写原密码').max(200),
  newPassword: passwordField,
});

/** 修改手机号码: the code sent to the new number, and the current password again. */
export const phoneChangeRequest = z.object({
  phone: phoneField,
  code: otpCodeField,
  password: z.string({ message: '请输入当前密码' }).min(1, '请输入当前密码').max(200),
});

export { dateField };
