/** Development-only routes (API.md "Development only"): mounted only when NODE_ENV is development or test. */
import { z } from 'zod';
import type { CaptchaService } from '../captcha/service';
import { createRouter } from '../http/context';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import type { Outbox } from './outbox';

export function devRoutes(deps: { outbox: Outbox; captcha: CaptchaService }) {
  const router = createRouter('/dev');
  router.get('/outbox', async (ctx) => {
    const { to } = parse(z.object({ to: z.string().min(1, '请提供 to 参数') }), ctx.query);
    ctx.body = await deps.outbox.list(to);
  });
  router.get('/captcha/:id', async (ctx) => {
    const answer = await deps.captcha.answer(ctx.params.id ?? '');
    if (answer === null) throw new AppError('NOT_FOUND', '验证不存在或已失效');
    ctx.body = answer;
  });
  return router;
}
