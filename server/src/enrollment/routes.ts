/**
 * POST /internal/v1/enrollments: the 认定 / 定期注册 application systems record that an account has applied,
 * with `Authorization: Bearer <INTERNAL_API_TOKEN>`. Recording the same application twice is harmless.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { enrollmentRequest } from '../../../shared/src/schemas/review';
import { MESSAGES } from '../../../shared/src/reference-data';
import type { AccountDirectory } from '../accounts/lookup';
import { createRouter } from '../http/context';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { isDuplicateKey } from '../stores/accounts';
import type { EnrollmentModel } from '../stores/enrollments';

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function enrollmentRoutes(deps: { directory: AccountDirectory; enrollments: EnrollmentModel; internalApiToken: string | undefined }) {
  const router = createRouter('/internal/v1');
  router.post('/enrollments', async (ctx) => {
    const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
    if (!deps.internalApiToken || !token || !sameToken(token, deps.internalApiToken)) {
      throw new AppError('UNAUTHENTICATED', '服务令牌无效');
    }
    const body = parse(enrollmentRequest, ctx.request.body);
    const account = await deps.directory.byIdNumber(body.idNumber);
    if (!account || account.legacy || account.idType !== body.idType) throw new AppError('ACCOUNT_NOT_FOUND', MESSAGES.accountNotFound);
    const key = `${account._id.toString()}:${body.kind}`;
    try {
      await deps.enrollments.updateOne(
        { key },
        { $setOnInsert: { key, accountId: account._id, kind: body.kind, recordedAt: new Date() } },
        { upsert: true },
      );
    } catch (error) {
      // The same application reported twice at once: the other report recorded it.
      if (!isDuplicateKey(error)) throw error;
    }
    ctx.status = 201;
    ctx.body = { accountId: account._id.toString(), kind: body.kind };
  });
  return router;
}
