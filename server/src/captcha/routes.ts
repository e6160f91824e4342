import { captchaVerifyRequest } from '../../../shared/src/schemas/codes';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import type { CaptchaService } from './service';

export function captchaRoutes(captcha: CaptchaService) {
  const router = createRouter('/api/v1/captcha');
  router.post('/', async (ctx) => {
    ctx.body = await captcha.create(ctx.state.clientAddress);
  });
  router.post('/verify', async (ctx) => {
    const body = parse(captchaVerifyRequest, ctx.request.body);
    ctx.body = await captcha.verify(body.id, body.x, body.track);
  });
  return router;
}
