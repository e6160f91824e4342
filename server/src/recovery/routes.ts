/** The 忘记密码 routes of API.md, and the page the mailed link opens. */
import { randomBytes } from 'node:crypto';
import { PASSWORD_RULE_TEXT } from '../../../shared/src/password-rule';
import { resetCompleteRequest, resetStartRequest } from '../../../shared/src/schemas/recovery';
import type { CaptchaService } from '../captcha/service';
import { CODE_TTL_SECONDS } from '../codes/rules';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';
import type { RecoveryService } from './service';
import type { createMailLinkStrategy } from './strategies/mail-link';
import type { createSmsCodeStrategy } from './strategies/sms-code';
import type { WechatResetStrategy } from './strategies/wechat';

export function recoveryRoutes(deps: {
  captcha: CaptchaService;
  recovery: RecoveryService;
  mailLink: ReturnType<typeof createMailLinkStrategy>;
  smsCode: ReturnType<typeof createSmsCodeStrategy>;
  wechat: { reset: WechatResetStrategy };
}) {
  const router = createRouter();
  router.post('/api/v1/password-resets', async (ctx) => {
    const { captchaToken, ...request } = parse(resetStartRequest, ctx.request.body);
    await deps.captcha.consume(captchaToken);
    ctx.body = await deps.recovery.start(request, ctx.state.clientAddress);
  });
  router.post('/api/v1/password-resets/complete', async (ctx) => {
    const body = parse(resetCompleteRequest, ctx.request.body);
    if ('linkToken' in body) await deps.mailLink.complete(body.linkToken, body.newPassword);
    else if (body.channel === 'wechat') await deps.wechat.reset.complete(body.resetId, body.code, body.newPassword);
    else await deps.smsCode.complete(body.resetId, body.code, body.newPassword);
    ctx.status = 204;
  });
  router.post('/api/v1/password-resets/:resetId/email', async (ctx) => {
    await deps.mailLink.send(ctx.params.resetId ?? '');
    ctx.status = 202;
    ctx.body = { sent: true };
  });
  router.post('/api/v1/password-resets/:resetId/sms', async (ctx) => {
    await deps.smsCode.send(ctx.params.resetId ?? '', ctx.state.clientAddress);
    ctx.body = { expiresIn: CODE_TTL_SECONDS };
  });
  router.get('/password-reset', (ctx) => {
    const nonce = randomBytes(16).toString('base64');
    ctx.set('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'none'`);
    ctx.type = 'html';
    ctx.body = resetPage(nonce);
  });
  return router;
}

/** 忘记密码 — 新密码 / 确认密码 / 确认修改, as in the manual's screenshot of the page the mail link opens. */
function resetPage(nonce: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>忘记密码 - 中国教师资格网</title><style nonce="${nonce}">body{font-family:sans-serif;max-width:420px;margin:40px auto;padding:0 16px}
label{display:block;margin:12px 0 4px}input{width:100%;padding:8px;box-sizing:border-box}button{margin-top:16px;padding:8px 24px}
#msg{margin-top:12px}.err{color:#c00}.ok{color:#080}small{color:#666}</style></head><body>
<h1>忘记密码</h1><form id="f"><label for="p1">*新密码：</label><input id="p1" type="password" autocomplete="new-password" required>
<label for="p2">*确认密码：</label><input id="p2" type="password" autocomplete="new-password" required>
<small>${PASSWORD_RULE_TEXT}</small><br><button type="submit">确认修改</button></form><p id="msg" role="status"></p>
<script nonce="${nonce}">
const token = new URLSearchParams(location.hash.slice(1) || location.search).get('token');
history.replaceState(null, '', location.pathname);
const msg = document.getElementById('msg');
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const p1 = document.getElementById('p1').value, p2 = document.getElementById('p2').value;
  if (p1 !== p2) { msg.className = 'err'; msg.textContent = '两次输入的密码不一致'; return; }
  const res = await fetch('/api/v1/password-resets/complete', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ linkToken: token, newPassword: p1 }) });
  if (res.ok) { msg.className = 'ok'; msg.textContent = '密码重置成功，请使用新密码登录'; e.target.remove(); }
  else { const body = await res.json().catch(() => null); msg.className = 'err'; msg.textContent = body?.error?.message ?? '重置失败，请稍后再试'; }
});
</script></body></html>`;
}
