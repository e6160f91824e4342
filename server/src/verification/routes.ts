/** GET/POST /api/v1/me/verification and POST /api/v1/me/manual-reviews. */
import type { Middleware } from 'koa';
import { manualReviewRequest, verificationRequest } from '../../../shared/src/schemas/review';
import { sessionOf } from '../http/auth';
import { createRouter, type AppState } from '../http/context';
import { parse } from '../http/validate';
import { formFields, photoForm, photosOf } from '../uploads/photos';
import { MANUAL_REVIEW_PHOTOS } from './rules';
import type { VerificationService } from './service';

export function verificationRoutes(deps: { verification: VerificationService; authenticated: Middleware<AppState> }) {
  const router = createRouter('/api/v1/me');
  router.get('/verification', deps.authenticated, async (ctx) => {
    ctx.body = await deps.verification.status(sessionOf(ctx.state).accountId);
  });
  router.post('/verification', deps.authenticated, async (ctx) => {
    const body = parse(verificationRequest, ctx.request.body);
    ctx.body = await deps.verification.verify(sessionOf(ctx.state).accountId, body.name);
  });
  router.post('/manual-reviews', deps.authenticated, photoForm(MANUAL_REVIEW_PHOTOS), async (ctx) => {
    const photos = await photosOf(ctx, MANUAL_REVIEW_PHOTOS);
    const request = parse(manualReviewRequest, formFields(ctx));
    ctx.status = 202;
    ctx.body = await deps.verification.submitManualReview(sessionOf(ctx.state).accountId, request, photos);
  });
  return router;
}
