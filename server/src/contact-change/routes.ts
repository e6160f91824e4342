/** POST /api/v1/contact-changes (multipart, from the 忘记密码 flow) and GET /api/v1/contact-changes/{id}. */
import { contactChangeRequest } from '../../../shared/src/schemas/review';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import { formFields, photoForm, photosOf } from '../uploads/photos';
import type { ContactChangeService } from './service';

const PHOTOS = ['photo'] as const;

export function contactChangeRoutes(deps: { contactChanges: ContactChangeService }) {
  const router = createRouter('/api/v1/contact-changes');
  // The daily limit is counted before the body is read: a refused request costs no upload parsing.
  router.post('/', async (ctx, next) => {
    await deps.contactChanges.admit(ctx.state.clientAddress);
    await next();
  }, photoForm(PHOTOS), async (ctx) => {
    const [photo] = await photosOf(ctx, PHOTOS);
    const request = parse(contactChangeRequest, formFields(ctx));
    ctx.status = 202;
    ctx.body = await deps.contactChanges.submit(request, photo!);
  });
  router.get('/:id', async (ctx) => {
    ctx.body = await deps.contactChanges.get(ctx.params.id ?? '');
  });
  return router;
}
