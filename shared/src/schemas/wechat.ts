/** Request bodies of the WeChat routes (API.md "WeChat"), used by the mini-program and the service-account pages. */
import { z } from 'zod';
import { shanghaiDate } from '../dates';
import { ID_TYPES, idNumberProblem, RESIDENCE_REGIONS } from '../id-documents';
import { captchaTokenField, idNumberField, idTypeField, passwordField } from './fields';

/** A document number of any of the four types; the 取验证码 page asks only for the number (FAQ 微信扫码获取验证码). */
export const anyIdNumberField = idNumberField.refine((value) => {
  const today = shanghaiDate();
  return ID_TYPES.some((type) => type === 'residence-permit'
    ? RESIDENCE_REGIONS.some((region) => !idNumberProblem(type, value, today, region))
    : !idNumberProblem(type, value, today));
}, '请输入账号注册对应的证件号码');

export const wechatSessionRequest = z.object({
  code: z.string({ message: '缺少微信登录凭证' }).min(1, '缺少微信登录凭证').max(256),
  /** Where the code came from: `wx.login` in the mini-program (the default), or web OAuth in the H5 app's pages. */
  via: z.enum(['miniapp', 'web']).optional(),
  /** Web OAuth: the `state` that came back with the code; it must match the browser's state cookie. */
  state: z.string().max(200).optional(),
});

/** GET /api/v1/wechat/oauth?next=…: the app page WeChat returns to, a path of the app and nothing else. */
export const wechatOauthQuery = z.object({
  next: z.string({ message: '缺少返回页面' }).max(200).regex(/^\/pages\/[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/, '返回页面无效'),
});

export const wechatOtpRequest = z.object({ idNumber: anyIdNumberField });

export const wechatBindRequest = z.union([
  z.object({
    idType: idTypeField.optional(),
    idNumber: idNumberField,
    password: z.string({ message: '请填写密码' }).min(1, '请填写密码').max(200, '密码过长'),
    /** A password login, so the same captcha as the site's login (issue 10 item 3). */
    captchaToken: captchaTokenField,
  }),
  z.object({ accountToken: z.string().min(16).max(2000) }),
], { message: '请填写证件号码和密码' });

export const wechatPasswordRequest = z.object({ newPassword: passwordField });
