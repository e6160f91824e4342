/**
 * The API reference (OpenAPI 3.1), generated from the same zod schemas the routes validate with, so it cannot
 * drift from what the server accepts. Served at GET /api/v1/openapi.json; rules that JSON Schema cannot
 * express (check digits, the password rule) are described by the fields' messages in shared/src.
 */
import { z } from 'zod';
import * as schemas from '../../../shared/src/schemas';
import { ERROR_STATUS } from '../http/errors';

type Route = { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; summary: string; body?: z.ZodType; multipart?: z.ZodType; auth?: 'session' | 'wechat' | 'internal' };

const ROUTES: Route[] = [
  { method: 'get', path: '/api/v1/meta', summary: 'Reference data: ID types, regions, validities, ethnic groups, the password rule, upload limits' },
  { method: 'get', path: '/healthz', summary: 'Liveness: 200 while the process serves' },
  { method: 'get', path: '/readyz', summary: 'Readiness: 200 when MongoDB and Redis answer, 503 naming the one that does not (and while draining at shutdown)' },
  { method: 'post', path: '/api/v1/captcha', summary: 'A new slider puzzle (PNG data URLs), or with { kind: "text" } a question a screen reader can read; the answer expires in 2 minutes', body: schemas.captchaCreateRequest },
  { method: 'post', path: '/api/v1/captcha/verify', summary: 'Drop the piece ({ id, x, track }) or answer the question ({ id, answer }): a one-use captchaToken valid 2 minutes', body: schemas.captchaVerifyRequest },
  { method: 'post', path: '/api/v1/otp', summary: 'A 6-digit code by SMS or mail, valid 5 minutes; at most 3 SMS a phone a day', body: schemas.otpRequest },
  { method: 'post', path: '/api/v1/accounts', summary: '账号注册 → 201 with the account, masked', body: schemas.registrationRequest },
  { method: 'post', path: '/api/v1/sessions', summary: '登录 → { token, expiresIn, account }', body: schemas.loginRequest },
  { method: 'delete', path: '/api/v1/sessions/current', summary: '退出: the token stops working at once', auth: 'session' },
  { method: 'get', path: '/api/v1/me', summary: 'The account, masked, with profileComplete, verification, nextStep (complete-profile | verify | null) and notice', auth: 'session' },
  { method: 'patch', path: '/api/v1/me', summary: '完善/修改个人信息', body: schemas.profileUpdateRequest, auth: 'session' },
  { method: 'put', path: '/api/v1/me/password', summary: '修改密码: every other session ends', body: schemas.passwordChangeRequest, auth: 'session' },
  { method: 'put', path: '/api/v1/me/phone', summary: '修改手机号码 with a change-phone code sent to the new number', body: schemas.phoneChangeRequest, auth: 'session' },
  { method: 'post', path: '/api/v1/password-resets', summary: '忘记密码: identify the account → { resetId, email, phone, wechat }', body: schemas.resetStartRequest },
  { method: 'post', path: '/api/v1/password-resets/{resetId}/email', summary: 'Mail a reset link valid 24 hours' },
  { method: 'post', path: '/api/v1/password-resets/{resetId}/sms', summary: 'Text a code to the bound phone' },
  { method: 'post', path: '/api/v1/password-resets/complete', summary: 'Set the new password (mail link, SMS or WeChat code); ends every session', body: schemas.resetCompleteRequest },
  { method: 'post', path: '/api/v1/me/verification', summary: '实名核验: 3 tries a day', body: schemas.verificationRequest, auth: 'session' },
  { method: 'get', path: '/api/v1/me/verification', summary: 'Verification status, tries left today, manual reviews left this period', auth: 'session' },
  { method: 'post', path: '/api/v1/me/manual-reviews', summary: '人工审核: three JPEG photos under 190 KB → 202', multipart: schemas.manualReviewRequest, auth: 'session' },
  { method: 'post', path: '/api/v1/contact-changes', summary: '修改账号绑定的联系方式 (from a password reset) → 202', multipart: schemas.contactChangeRequest },
  { method: 'get', path: '/api/v1/contact-changes/{id}', summary: 'Status of a contact change, and the reason when rejected' },
  { method: 'post', path: '/api/v1/support-requests', summary: "The FAQ's mail cases as requests with a handheld photo → 202", multipart: schemas.supportRequest },
  { method: 'get', path: '/api/v1/support-requests/{id}', summary: 'Status of a support request, the reason when rejected and the staff answer' },
  { method: 'post', path: '/internal/v1/enrollments', summary: 'The 认定 / 定期注册 systems record an application', body: schemas.enrollmentRequest, auth: 'internal' },
  { method: 'post', path: '/api/v1/wechat/session', summary: 'Mini-program: wx.login code → a short-lived WeChat session', body: schemas.wechatSessionRequest },
  { method: 'post', path: '/api/v1/wechat/otp', summary: '取验证码: the code goes into the service-account conversation', body: schemas.wechatOtpRequest, auth: 'wechat' },
  { method: 'post', path: '/api/v1/wechat/bind', summary: 'Bind the WeChat user to an account', body: schemas.wechatBindRequest, auth: 'wechat' },
  { method: 'post', path: '/api/v1/wechat/password', summary: '微信验证重置密码 for the bound account', body: schemas.wechatPasswordRequest, auth: 'wechat' },
];

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { enum: Object.keys(ERROR_STATUS) }, message: { type: 'string' }, details: { type: 'object' } },
    },
  },
};

function jsonSchema(schema: z.ZodType) {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const content = route.body
      ? { 'application/json': { schema: jsonSchema(route.body) } }
      : route.multipart ? { 'multipart/form-data': { schema: jsonSchema(route.multipart) } } : undefined;
    (paths[route.path] ??= {})[route.method] = {
      summary: route.summary,
      ...(content ? { requestBody: { required: true, content } } : {}),
      ...(route.auth ? { security: [{ [route.auth]: [] }] } : {}),
      responses: { default: { description: 'Errors, in one envelope', content: { 'application/json': { schema: errorBody } } } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: '中国教师资格网 accounts API', version: '1' },
    components: {
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: 'Applicant session from POST /api/v1/sessions' },
        wechat: { type: 'http', scheme: 'bearer', description: 'WeChat session from POST /api/v1/wechat/session' },
        internal: { type: 'http', scheme: 'bearer', description: 'INTERNAL_API_TOKEN' },
      },
    },
    paths,
  };
}
