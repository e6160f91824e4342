/** The page the reset mail's link opens, as the browser shows it (H5): the token comes from the address fragment. */
import { screen, waitFor } from '@testing-library/react';
import ResetPage, { NO_TOKEN_MESSAGE } from '../../src/pages/reset/index';
import { fakeServer, refused, renderPage } from '../fake-server';
import { press, type } from '../recovery-helpers';

const TOKEN = 'link-token-0123456789abcdef';
const NEW_PASSWORD = 'Teacher#2025';

beforeEach(() => {
  process.env.TARO_ENV = 'h5';
  window.history.replaceState(null, '', `/pages/reset/index#token=${TOKEN}`);
});
afterEach(() => { process.env.TARO_ENV = 'weapp'; });

const confirmButton = () => screen.getByRole('button', { name: /确认修改|正在提交/ });

test('the token is taken from the fragment and out of the address; 确认修改 waits for a valid password twice', async () => {
  fakeServer({});
  await renderPage(<ResetPage />);
  expect(window.location.hash).toBe('');
  expect(window.location.pathname).toBe('/pages/reset/index');
  expect(confirmButton().hasAttribute('disabled')).toBe(true);
  type('请输入新密码', NEW_PASSWORD);
  type('请再次输入新密码', 'Teacher#2024');
  expect(screen.getByText('两次输入的密码不一致')).toBeTruthy();
  expect(confirmButton().hasAttribute('disabled')).toBe(true);
});

test('确认修改 posts the token with the new password, then 密码重置成功 and 返回登录', async () => {
  const sent = fakeServer({ '/api/v1/password-resets/complete': () => ({ status: 204, body: '' }) });
  await renderPage(<ResetPage />);
  type('请输入新密码', NEW_PASSWORD);
  type('请再次输入新密码', NEW_PASSWORD);
  press('确认修改');
  await screen.findByText('密码重置成功');
  expect(sent[0]?.body).toEqual({ linkToken: TOKEN, newPassword: NEW_PASSWORD });
  expect(screen.getByRole('button', { name: '返回登录' })).toBeTruthy();
});

test('a spent or expired link: the server\'s message and the way to send a new mail', async () => {
  const expired = '重置链接无效或已过期，请重新使用“忘记密码”的“邮箱重置密码”功能发送邮件';
  fakeServer({ '/api/v1/password-resets/complete': () => refused(400, 'OTP_INVALID', expired) });
  await renderPage(<ResetPage />);
  type('请输入新密码', NEW_PASSWORD);
  type('请再次输入新密码', NEW_PASSWORD);
  press('确认修改');
  await screen.findByText(expired);
  expect(screen.getByRole('button', { name: '重新发送重置邮件' })).toBeTruthy();
});

test('an address without the token says so and sends nothing', async () => {
  window.history.replaceState(null, '', '/pages/reset/index');
  const sent = fakeServer({});
  await renderPage(<ResetPage />);
  expect(screen.getByText(NO_TOKEN_MESSAGE)).toBeTruthy();
  expect(confirmButton().hasAttribute('disabled')).toBe(true);
  await waitFor(() => expect(sent).toHaveLength(0));
});
