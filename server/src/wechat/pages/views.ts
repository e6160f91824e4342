/** The HTML of the menu pages: small, server-rendered, one inline script each (CSP nonce). */
import { ID_TYPE_LABELS, ID_TYPES } from '../../../../shared/src/id-documents';
import { PASSWORD_RULE_TEXT } from '../../../../shared/src/password-rule';
import { TEXT } from '../rules';

export const PAGES = { otp: '取验证码', password: '重置密码', bind: '绑定账号' } as const;
export type PageName = keyof typeof PAGES;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(nonce: string, title: string, body: string, script = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)} - 中国教师资格服务号</title><style nonce="${nonce}">body{font-family:sans-serif;max-width:420px;margin:24px auto;padding:0 16px}
label{display:block;margin:12px 0 4px}input,select{width:100%;padding:8px;box-sizing:border-box}button{margin-top:16px;padding:10px;width:100%}
#msg{margin-top:12px}.err{color:#c00}.ok{color:#080}small{color:#666}</style></head><body><h1>${escape(title)}</h1>${body}
<p id="msg" role="status"></p>${script ? `<script nonce="${nonce}">${script}</script>` : ''}</body></html>`;
}

/** Posts JSON in the WeChat session and shows the answer; `ok` is the text shown on success. */
function script(token: string, action: string): string {
  return `const token = ${JSON.stringify(token)};
history.replaceState(null, '', location.pathname);
const msg = document.getElementById('msg');
const show = (cls, text) => { msg.className = cls; msg.textContent = text; };
async function call(method, path, body) {
  const res = await fetch(path, { method, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: body ? JSON.stringify(body) : undefined });
  if (res.ok) return res.status === 204 ? {} : res.json();
  const problem = await res.json().catch(() => null);
  throw new Error(problem?.error?.message ?? '系统繁忙，请稍后再试');
}
const form = document.getElementById('f');
form?.addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = form.querySelector('button'); button.disabled = true;
  try { ${action} } catch (error) { show('err', error.message); } finally { button.disabled = false; }
});`;
}

export function renderPage(page: PageName, view: { nonce: string; token: string; bound: boolean }): string {
  const { nonce, token, bound } = view;
  switch (page) {
    case 'otp':
      return layout(nonce, PAGES.otp, `<form id="f"><label for="idNumber">请输入账号注册对应的证件号码：</label>
<input id="idNumber" name="idNumber" autocomplete="off" required maxlength="32"><button type="submit">获取验证码</button></form>
<small>验证码将发送到“中国教师资格服务号”的对话中，5分钟内有效。</small>`,
      script(token, `const r = await call('POST', '/api/v1/wechat/otp', { idNumber: document.getElementById('idNumber').value });
    show('ok', r.message + '。请返回服务号的对话页面查收验证码。');`));
    case 'password':
      if (!bound) {
        return layout(nonce, PAGES.password, `<p>${TEXT.notBound}通过微信重置密码需先绑定账号（当登录帐号已关联了微信服务号后可使用）。</p>
<p><a href="/wechat/pages/bind">去绑定账号</a></p>`);
      }
      return layout(nonce, '通过微信重置密码', `<p><small>(当登录帐号已关联了微信服务号后可使用)</small></p><form id="f">
<label for="p1">新 密 码：</label><input id="p1" type="password" autocomplete="new-password" required>
<label for="p2">确 认 密 码：</label><input id="p2" type="password" autocomplete="new-password" required>
<small>${PASSWORD_RULE_TEXT}</small><button type="submit">重置密码</button></form>`,
      script(token, `const p1 = document.getElementById('p1').value, p2 = document.getElementById('p2').value;
    if (p1 !== p2) { show('err', '两次输入的密码不一致'); return; }
    await call('POST', '/api/v1/wechat/password', { newPassword: p1 });
    form.remove(); show('ok', '提交成功，请返回对话框查看消息提示。');`));
    case 'bind':
      if (bound) {
        return layout(nonce, PAGES.bind, `<p>本微信已绑定中国教师资格网账号。</p><form id="f"><button type="submit">解除绑定</button></form>`,
          script(token, `await call('DELETE', '/api/v1/wechat/bind'); form.remove(); show('ok', '${TEXT.unbound}');`));
      }
      return layout(nonce, PAGES.bind, `<form id="f"><label for="idType">证件类型：</label><select id="idType">
${ID_TYPES.map((t) => `<option value="${t}">${escape(ID_TYPE_LABELS[t])}</option>`).join('')}</select>
<label for="idNumber">证件号码：</label><input id="idNumber" autocomplete="username" required maxlength="32">
<label for="password">登录密码：</label><input id="password" type="password" autocomplete="current-password" required>
<button type="submit">绑定</button></form>`,
      script(token, `await call('POST', '/api/v1/wechat/bind', { idType: document.getElementById('idType').value, idNumber: document.getElementById('idNumber').value, password: document.getElementById('password').value });
    form.remove(); show('ok', '${TEXT.bound}');`));
  }
}

export function renderProblem(nonce: string, message: string): string {
  return layout(nonce, '中国教师资格服务号', `<p class="err">${escape(message)}</p>`);
}
