/** Request bodies of the forgotten-password flow (manual 2.2.2). */
import { z } from 'zod';
import { captchaTokenField, idNumberField, idTypeField, nameField, otpCodeField, passwordField } from './fields';

export const resetStartRequest = z.object({
  idType: idTypeField,
  idNumber: idNumberField,
  name: nameField,
  captchaToken: captchaTokenField,
});

export const resetCompleteRequest = z.union([
  z.object({ linkToken: z.string().min(16).max(200), newPassword: passwordField }),
  z.object({
    resetId: z.string().min(16).max(200),
    code: otpCodeField,
    newPassword: passwordField,
    /** Where the code came from: the bound phone (default) or the service account's 取验证码. */
    channel: z.enum(['sms', 'wechat']).default('sms'),
  }),
], { message: '请提供邮件中的重置链接，或重置编号和短信验证码' });
