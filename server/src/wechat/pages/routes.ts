/**
 * The pages the service account's menu opens (取验证码, 重置密码, 绑定账号), reached through WeChat web OAuth:
 * without a `code` the page sends the browser to the authorize address; with one it opens a WeChat session and
 * renders the page, whose script calls the same /api/v1/wechat routes as the mini-program.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../http/errors';
import { createRouter } from '../../http/context';
import type { WechatSessions } from '../flows/sessions';
import { TEXT } from '../rules';
import { PAGES, renderPage, renderProblem, type PageName } from './views';

export function pageRoutes(deps: { wechatSessions: WechatSessions; publicUrl: string; appId: string; authorizeUrl: () => string }) {
  const router = createRouter('/wechat/pages');

  router.get('/:page', async (ctx) => {
    const page = ctx.params.page as PageName;
    if (!(page in PAGES)) throw new AppError('NOT_FOUND', '页面不存在');
    const nonce = randomBytes(16).toString('base64');
    ctx.set('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'none'`);
    ctx.set('Cache-Control', 'no-store');
    const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
    if (!code) {
      const redirect = new URL(deps.authorizeUrl());
      redirect.search = new URLSearchParams({
        appid: deps.appId, redirect_uri: `${deps.publicUrl}/wechat/pages/${page}`, response_type: 'code', scope: 'snsapi_base', state: page,
      }).toString();
      ctx.redirect(`${redirect.toString()}#wechat_redirect`);
      return;
    }
    ctx.type = 'html';
    try {
      const session = await deps.wechatSessions.start(code, 'web');
      ctx.body = renderPage(page, { nonce, token: session.token, bound: session.bound });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      ctx.status = error.status;
      ctx.body = renderProblem(nonce, error.code === 'UNAUTHENTICATED' ? TEXT.sessionExpired : error.message);
    }
  });

  return router;
}
