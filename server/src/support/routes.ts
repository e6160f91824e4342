/**
 * POST /api/v1/support-requests (multipart, no login needed: the applicant may be unable to log in) and
 * GET /api/v1/support-requests/{id}.
 */
import { supportRequest } from '../../../shared/src/schemas/review';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import { formFields, photoForm, photosOf } from '../uploads/photos';
import type { SupportService } from './service';

const PHOTOS = ['photo'] as const;

export function supportRoutes(deps: { support: SupportService }) {
  const router = createRouter('/api/v1/support-requests');
  // The daily limit is counted before the body is read: a refused request costs no upload parsing.
  router.post('/', async (ctx, next) => {
    await deps.support.admit(ctx.state.clientAddress);
    await next();
  }, photoForm(PHOTOS), async (ctx) => {
    const [photo] = await photosOf(ctx, PHOTOS);
    const request = parse(supportRequest, formFields(ctx));
    ctx.status = 202;
    ctx.body = await deps.support.submit(request, photo!);
  });
  router.get('/:id', async (ctx) => {
    ctx.body = await deps.support.get(ctx.params.id ?? '');
  });
  return router;
}
