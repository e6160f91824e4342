import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import OtpPage, { RESEND_AFTER_SECONDS } from '../../src/pages/otp/index';
import { endWechatSession } from '../../src/services/wechat';
import { fakeServer, renderPage, held, ok, refused, session } from '../fake-server';

/** A valid 居民身份证 number (check digit X). */
const ID_NUMBER = '11010519491231002X';

function typeIdNumber(value: string) {
  fireEvent.change(screen.getByPlaceholderText('请输入证件号码'), { target: { value } });
}

/** The page's one action (the header also has the 长辈版 switch). */
const button = () => screen.getByRole('button', { name: /获取验证码|正在发送|秒后可重新获取/ });

beforeEach(() => endWechatSession());
afterEach(() => jest.useRealTimers());

test('empty: asks for the document number and sends nothing', async () => {
  const sent = fakeServer(session(false));
  await renderPage(<OtpPage />);
  expect(screen.getByText(/有效期为5分钟/)).toBeTruthy();
  fireEvent.click(button());
  expect(screen.getByText('请填写证件号码')).toBeTruthy();
  expect(sent.filter((s) => s.path === '/api/v1/wechat/otp')).toHaveLength(0);
});

test('invalid input: the shared rule explains what is wrong', async () => {
  const sent = fakeServer(session(false));
  await renderPage(<OtpPage />);
  typeIdNumber('110105194912310021');
  fireEvent.click(button());
  expect(screen.getByText('证件号码校验位错误，请核对后重新输入')).toBeTruthy();
  typeIdNumber('H1234567');
  fireEvent.click(button());
  expect(screen.getByText('港澳居民来往内地通行证号码应为H或M加8位数字')).toBeTruthy();
  expect(sent.filter((s) => s.path === '/api/v1/wechat/otp')).toHaveLength(0);
});

test('waiting: the button is disabled while the request is in flight', async () => {
  const reply = held();
  fakeServer({ ...session(true), '/api/v1/wechat/otp': reply.handler });
  await renderPage(<OtpPage />);
  typeIdNumber(ID_NUMBER);
  fireEvent.click(button());
  await waitFor(() => expect(button().hasAttribute('disabled')).toBe(true));
  expect(button().textContent).toBe('正在发送…');
  await act(async () => reply.release(ok({ expiresIn: 300 })));
  await screen.findByText('验证码已发送，请注意查收');
});

test('success: the code is sent in the session, the validity is shown and a countdown starts', async () => {
  jest.useFakeTimers();
  const sent = fakeServer({ ...session(true), '/api/v1/wechat/otp': () => ok({ expiresIn: 300 }) });
  await renderPage(<OtpPage />);
  typeIdNumber(` ${ID_NUMBER.toLowerCase()} `);
  fireEvent.click(button());
  await screen.findByText('验证码已发送，请注意查收');
  expect(screen.getByText(/验证码5分钟内有效/)).toBeTruthy();
  expect(button().textContent).toBe(`${RESEND_AFTER_SECONDS}秒后可重新获取`);
  expect(button().hasAttribute('disabled')).toBe(true);

  const otp = sent.find((s) => s.path === '/api/v1/wechat/otp');
  expect(otp?.body).toEqual({ idNumber: ID_NUMBER.toLowerCase() });
  expect(otp?.headers.Authorization).toBe('Bearer session-token');
  expect(sent.find((s) => s.path === '/api/v1/wechat/session')?.body).toEqual({ code: 'dev-tester', via: 'miniapp' });

  act(() => jest.advanceTimersByTime(1000));
  expect(button().textContent).toBe(`${RESEND_AFTER_SECONDS - 1}秒后可重新获取`);
  act(() => jest.advanceTimersByTime(RESEND_AFTER_SECONDS * 1000));
  expect(button().textContent).toBe('获取验证码');
  expect(button().hasAttribute('disabled')).toBe(false);
});

test('server error: its Chinese message is shown and the button works again', async () => {
  fakeServer({
    ...session(true),
    '/api/v1/wechat/otp': () => refused(404, 'ACCOUNT_NOT_FOUND', '请输入您已注册的证件号码作为账号，并选择与之匹配的证件类型，如您未在系统中注册账号，请先注册。'),
  });
  await renderPage(<OtpPage />);
  typeIdNumber(ID_NUMBER);
  fireEvent.click(button());
  await screen.findByText(/如您未在系统中注册账号，请先注册/);
  expect(button().hasAttribute('disabled')).toBe(false);
});

test('network failure: a Chinese message, not a crash', async () => {
  fakeServer({
    ...session(true),
    '/api/v1/wechat/otp': () => { throw new Error('request:fail'); },
  });
  await renderPage(<OtpPage />);
  typeIdNumber(ID_NUMBER);
  fireEvent.click(button());
  await screen.findByText('网络连接失败，请检查网络后重试');
});
