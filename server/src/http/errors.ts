/** The error codes of API.md, their HTTP statuses and default Chinese messages, and the error envelope. */
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { MESSAGES } from '../../../shared/src/reference-data';
import type { Logger } from '../log';
import { isRedisUnavailable } from '../stores/redis';
import { loggedPath } from './request-log';

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  CAPTCHA_REQUIRED: 400,
  CAPTCHA_FAILED: 400,
  OTP_INVALID: 400,
  OTP_DAILY_LIMIT: 429,
  ACCOUNT_EXISTS: 409,
  /** The WeChat user or the account is already bound to another (one to one both ways). */
  WECHAT_BOUND: 409,
  LOGIN_FAILED: 401,
  LOGIN_LOCKED: 429,
  LEGACY_ACCOUNT: 403,
  ACCOUNT_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VERIFY_DAILY_LIMIT: 429,
  REVIEW_PERIOD_LIMIT: 429,
  REVIEW_PENDING: 409,
  /** Manual review asked for by an applicant who has already passed verification. */
  ALREADY_VERIFIED: 409,
  REQUEST_PENDING: 409,
  ENROLLED: 403,
  UPLOAD_INVALID: 400,
  PAYLOAD_TOO_LARGE: 413,
  /** The request body did not arrive in time. */
  REQUEST_TIMEOUT: 408,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/** Raised by stores and adapters when MongoDB or Redis cannot be reached. */
export class UnavailableError extends AppError {
  constructor(readonly dependency: 'mongodb' | 'redis' | string, cause?: unknown) {
    super('UNAVAILABLE', MESSAGES.unavailable, { dependency });
    if (cause) this.cause = cause;
  }
}

export function validationError(error: ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_';
    fields[path] ??= issue.message;
  }
  const first = Object.values(fields)[0];
  return new AppError('VALIDATION_FAILED', first ?? MESSAGES.validationFailed, { fields });
}

/** Errors thrown by the drivers themselves when a store is down, recognised by their class or message. */
export function asUnavailable(error: unknown): UnavailableError | null {
  if (error instanceof UnavailableError) return error;
  if (error instanceof Error) {
    const name = error.name;
    // The driver's pool errors (a connection interrupted when the monitor finds the server gone) lack the prefix.
    if (/^(Mongo(Server)?(Selection|Network|NotConnected|TopologyClosed|PoolCleared|OperationTimeout)|PoolCleared)/.test(name) || name === 'MongooseServerSelectionError'
      || (error as { codeName?: string }).codeName === 'MaxTimeMSExpired') {
      return new UnavailableError('mongodb', error);
    }
  }
  // Also errors that are not `instanceof Error` here: node-redis passes on socket errors as Node made them.
  if (isRedisUnavailable(error)) return new UnavailableError('redis', error);
  return null;
}

/** Turns every thrown error into API.md's envelope: { error: { code, message, details? } }. */
export function errorEnvelope(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('NOT_FOUND', MESSAGES.notFound);
    } catch (thrown) {
      let error: AppError;
      if (thrown instanceof AppError) error = thrown;
      else if (thrown instanceof ZodError) error = validationError(thrown);
      else {
        const unavailable = asUnavailable(thrown);
        const httpError = thrown as { status?: number; expose?: boolean; type?: string };
        if (unavailable) error = unavailable;
        else if (httpError.status === 413) error = new AppError('PAYLOAD_TOO_LARGE', '提交的内容过大');
        else if (httpError.status === 400 || httpError.status === 415) error = new AppError('VALIDATION_FAILED', '请求格式错误，请提交JSON数据');
        else {
          log.error({ err: thrown, path: loggedPath(ctx) }, 'unhandled error');
          error = new AppError('INTERNAL', MESSAGES.internal);
        }
      }
      if (error.code === 'UNAVAILABLE') log.warn({ dependency: error.details?.dependency, path: loggedPath(ctx) }, 'dependency unavailable');
      ctx.status = error.status;
      ctx.body = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
    }
  };
}
