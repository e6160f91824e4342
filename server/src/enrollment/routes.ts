/**
 * POST /internal/v1/enrollments: the 认定 / 定期注册 application systems record that an account has applied,
 * with `Authorization: Bearer <INTERNAL_API_TOKEN>`. Recording the same application twice is harmless.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { enrollmentRequest } from '../../../shared/src/schemas/review';
import { createRouter } from '../http/context';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import type { EnrollmentService } from './service';

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function enrollmentRoutes(deps: { enrollments: EnrollmentService; internalApiToken: string | undefined }) {
  const router = createRouter('/internal/v1');
  router.post('/enrollments', async (ctx) => {
    const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
    if (!deps.internalApiToken || !token || !sameToken(token, deps.internalApiToken)) {
      throw new AppError('UNAUTHENTICATED', '服务令牌无效');
    }
    const body = parse(enrollmentRequest, ctx.request.body);
    const { accountId } = await deps.enrollments.record(body);
    ctx.status = 201;
    ctx.body = { accountId, kind: body.kind };
  });
  return router;
}
