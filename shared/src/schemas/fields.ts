/** Field schemas that several requests share. Each carries the applicant-facing message of its rule. */
import { z } from 'zod';
import { emailProblem, normalizeEmail, phoneProblem } from '../contacts';
import { shanghaiDate } from '../dates';
import { ID_TYPES, idNumberProblem, isRealDate, normalizeIdNumber, RESIDENCE_REGIONS, VALIDITIES } from '../id-documents';
import { nameProblem, normalizeName } from '../names';
import { passwordProblem } from '../password-rule';
import { ETHNIC_GROUPS, GENDERS } from '../reference-data';

/** Attaches a rule that returns a message (or null) as a zod issue on this field. */
function rule<T>(problem: (value: T) => string | null) {
  return (value: T, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}

export const idTypeField = z.enum(ID_TYPES, { message: '请选择证件类型' });
export const regionField = z.enum(RESIDENCE_REGIONS, { message: '请选择地区' });
export const validityField = z.enum(VALIDITIES, { message: '请选择身份证件有效时间段' });
export const ethnicityField = z.enum(ETHNIC_GROUPS, { message: '请选择民族' });
export const genderField = z.enum(GENDERS, { message: '请选择性别' });

/** A document number, trimmed and upper-cased; its format is checked against the type by `withIdRules`. */
export const idNumberField = z.string({ message: '请填写证件号码' }).max(32, '证件号码过长').transform(normalizeIdNumber)
  .pipe(z.string().min(1, '请填写证件号码'));

export const nameField = z.string({ message: '请填写姓名' }).max(200, '姓名过长').transform(normalizeName)
  .superRefine(rule(nameProblem));

export const passwordField = z.string({ message: '请填写密码' }).max(200, '密码过长').superRefine(rule(passwordProblem));

export const emailField = z.string({ message: '请填写电子邮箱' }).max(200, '邮箱地址过长').transform(normalizeEmail)
  .superRefine(rule(emailProblem));

export const phoneField = z.string({ message: '请填写手机号码' }).max(20, '手机号码过长').transform((s) => s.trim())
  .superRefine(rule(phoneProblem));

export const dateField = z.string({ message: '请选择日期' }).refine(isRealDate, '日期格式应为YYYY-MM-DD');

/** A start date: a real date not after today (Asia/Shanghai). */
export const pastDateField = dateField.refine((d) => d <= shanghaiDate(), '日期不能晚于今天');

export const otpCodeField = z.string({ message: '请填写验证码' }).regex(/^\d{6}$/, '验证码为6位数字');

export const captchaTokenField = z.string({ message: '请先完成拼图验证' }).min(1, '请先完成拼图验证').max(200);

/**
 * Checks idNumber against idType (and region for 居住证) on an object holding those three fields,
 * reporting the problem on `idNumber`.
 */
export function idNumberRule(value: { idType: (typeof ID_TYPES)[number]; idNumber: string; region?: (typeof RESIDENCE_REGIONS)[number] | undefined }, ctx: z.RefinementCtx) {
  const problem = idNumberProblem(value.idType, value.idNumber, shanghaiDate(), value.region);
  if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem.message });
  if (value.idType === 'residence-permit' && !value.region) {
    ctx.addIssue({ code: 'custom', path: ['region'], message: '请选择地区' });
  }
}
