/** POST /api/v1/support-requests (multipart, no login needed: the applicant may be unable to log in). */
import { supportRequest } from '../../../shared/src/schemas/review';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import { formFields, photoForm, photosOf } from '../uploads/photos';
import type { SupportService } from './service';

const PHOTOS = ['photo'] as const;

export function supportRoutes(deps: { support: SupportService }) {
  const router = createRouter('/api/v1/support-requests');
  router.post('/', photoForm(PHOTOS), async (ctx) => {
    const [photo] = await photosOf(ctx, PHOTOS);
    const request = parse(supportRequest, formFields(ctx));
    ctx.status = 202;
    ctx.body = await deps.support.submit(request, photo!, ctx.state.clientAddress);
  });
  return router;
}
