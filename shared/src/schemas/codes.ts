/** Request bodies of the slider captcha and of verification codes. */
import { z } from 'zod';
import { captchaTokenField } from './fields';

/** `{ kind: "text" }` asks for the text challenge; no body, or `{ kind: "slider" }`, for the slider puzzle. */
export const captchaCreateRequest = z.object({
  kind: z.enum(['slider', 'text'], { message: '验证方式无效' }).default('slider'),
});

const captchaId = z.string({ message: '验证已失效，请刷新' }).min(1, '验证已失效，请刷新').max(100);

/** The drop of the slider with its drag track ([x, ms] points, required), or the answer of the text challenge. */
export const captchaVerifyRequest = z.union([
  z.object({
    id: captchaId,
    x: z.number({ message: '请拖动滑块' }).finite().min(0).max(10_000),
    track: z.array(z.tuple([z.number().finite(), z.number().finite()]), { message: '请拖动滑块' }).min(2, '请拖动滑块').max(2000),
  }),
  z.object({
    id: captchaId,
    answer: z.string({ message: '请填写答案' }).trim().min(1, '请填写答案').max(20, '请填写答案'),
  }),
], { message: '请完成验证' });

export const OTP_PURPOSES = ['register', 'reset', 'change-phone', 'change-email'] as const;
export type OtpPurpose = (typeof OTP_PURPOSES)[number];

export const otpRequest = z.object({
  purpose: z.enum(OTP_PURPOSES, { message: '验证码用途无效' }),
  channel: z.enum(['sms', 'email'], { message: '请选择验证码发送方式' }),
  to: z.string({ message: '请填写手机号码或邮箱' }).min(1).max(200),
  captchaToken: captchaTokenField,
});
export type OtpRequest = z.infer<typeof otpRequest>;
