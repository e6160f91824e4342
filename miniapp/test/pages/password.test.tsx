import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { PASSWORD_RULE_TEXT } from '@shared/password-rule';
import PasswordPage from '../../src/pages/password/index';
import { endWechatSession } from '../../src/services/wechat';
import { fakeServer, renderPage, held, ok, refused, session } from '../fake-server';

const NEW_PASSWORD = 'Teacher#2025';

function type(placeholder: string, value: string) {
  fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } });
}

const button = () => screen.getByRole('button', { name: /重置密码|正在提交/ });
/** Whether the checklist marks a part of the rule as met. */
function isMet(label: string): boolean {
  const part = [...document.querySelectorAll('.password-rule__part')].find((p) => p.textContent?.endsWith(label));
  if (!part) throw new Error(`no rule part ${label}`);
  return part.className.includes('--met');
}

beforeEach(() => endWechatSession());

test('empty: the rule is shown and the button waits for a valid password', async () => {
  fakeServer(session(true));
  await renderPage(<PasswordPage />);
  expect(screen.getByText(PASSWORD_RULE_TEXT)).toBeTruthy();
  expect(button().hasAttribute('disabled')).toBe(true);
});

test('invalid input: each part of the rule is ticked off as it is typed', async () => {
  fakeServer(session(true));
  await renderPage(<PasswordPage />);
  type('请输入新密码', 'abc123');
  expect(isMet('包含字母')).toBe(true);
  expect(isMet('包含数字')).toBe(true);
  expect(isMet('包含特殊字符')).toBe(false);
  expect(isMet('8-32位')).toBe(false);
  expect(button().hasAttribute('disabled')).toBe(true);

  type('请输入新密码', 'abc123 中文');
  expect(screen.getByText(/请将输入法切换为英文模式/)).toBeTruthy();

  type('请输入新密码', NEW_PASSWORD);
  type('请再次输入新密码', `${NEW_PASSWORD}x`);
  expect(screen.getByText('两次输入的密码不一致')).toBeTruthy();
  expect(button().hasAttribute('disabled')).toBe(true);
});

test('not bound: says so and points to 绑定账号', async () => {
  fakeServer(session(false));
  await renderPage(<PasswordPage />);
  await screen.findByText('本微信尚未绑定账号');
});

test('waiting, then success: disabled in flight, then 重置成功', async () => {
  const reply = held();
  const sent = fakeServer({ ...session(true), '/api/v1/wechat/password': reply.handler });
  await renderPage(<PasswordPage />);
  type('请输入新密码', NEW_PASSWORD);
  type('请再次输入新密码', NEW_PASSWORD);
  expect(button().hasAttribute('disabled')).toBe(false);
  fireEvent.click(button());
  await waitFor(() => expect(button().textContent).toBe('正在提交…'));
  expect(button().hasAttribute('disabled')).toBe(true);
  await act(async () => reply.release(ok({})));
  await screen.findByText('重置成功');
  expect(sent.find((s) => s.path === '/api/v1/wechat/password')?.body).toEqual({ newPassword: NEW_PASSWORD });
});

test('server error: its Chinese message is shown', async () => {
  fakeServer({
    ...session(true),
    '/api/v1/wechat/password': () => refused(400, 'VALIDATION_FAILED', '密码须同时包含数字、字母和特殊字符', { fields: { newPassword: '密码须同时包含数字、字母和特殊字符' } }),
  });
  await renderPage(<PasswordPage />);
  type('请输入新密码', NEW_PASSWORD);
  type('请再次输入新密码', NEW_PASSWORD);
  fireEvent.click(button());
  await screen.findByText('密码须同时包含数字、字母和特殊字符');
  expect(button().hasAttribute('disabled')).toBe(false);
});

test('an expired WeChat session is renewed once and the request repeated', async () => {
  let passwordCalls = 0;
  const sent = fakeServer({
    ...session(true),
    '/api/v1/wechat/password': () => (++passwordCalls === 1 ? refused(401, 'UNAUTHENTICATED', '请先登录') : ok({})),
  });
  await renderPage(<PasswordPage />);
  type('请输入新密码', NEW_PASSWORD);
  type('请再次输入新密码', NEW_PASSWORD);
  fireEvent.click(button());
  await screen.findByText('重置成功');
  expect(sent.filter((s) => s.path === '/api/v1/wechat/session')).toHaveLength(2);
});
