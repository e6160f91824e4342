/** Request bodies of the slider captcha and of verification codes. */
import { z } from 'zod';
import { captchaTokenField } from './fields';

export const captchaVerifyRequest = z.object({
  id: z.string({ message: '拼图已失效，请刷新' }).min(1).max(100),
  x: z.number({ message: '请拖动滑块' }).finite().min(0).max(10_000),
  track: z.array(z.tuple([z.number(), z.number()])).max(2000).optional(),
});

export const OTP_PURPOSES = ['register', 'reset', 'change-phone', 'change-email'] as const;
export type OtpPurpose = (typeof OTP_PURPOSES)[number];

export const otpRequest = z.object({
  purpose: z.enum(OTP_PURPOSES, { message: '验证码用途无效' }),
  channel: z.enum(['sms', 'email'], { message: '请选择验证码发送方式' }),
  to: z.string({ message: '请填写手机号码或邮箱' }).min(1).max(200),
  captchaToken: captchaTokenField,
});
export type OtpRequest = z.infer<typeof otpRequest>;
