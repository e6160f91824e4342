import { captchaCreateRequest, captchaVerifyRequest } from '../../../shared/src/schemas/codes';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import type { CaptchaService } from './service';

export function captchaRoutes(captcha: CaptchaService) {
  const router = createRouter('/api/v1/captcha');
  router.post('/', async (ctx) => {
    const { kind } = parse(captchaCreateRequest, ctx.request.body);
    ctx.body = await captcha.create(ctx.state.clientAddress, kind);
  });
  router.post('/verify', async (ctx) => {
    const { id, ...solution } = parse(captchaVerifyRequest, ctx.request.body);
    ctx.body = await captcha.verify(id, solution);
  });
  return router;
}
