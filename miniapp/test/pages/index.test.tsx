import { fireEvent, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import Index from '../../src/pages/index/index';
import { endWechatSession } from '../../src/services/wechat';
import { fakeServer, ok, refused, renderPage, session } from '../fake-server';

beforeEach(() => endWechatSession());

test('explains the three services and opens each page', async () => {
  fakeServer(session(false));
  await renderPage(<Index />);
  for (const [title, page] of [['取验证码', 'otp'], ['重置密码', 'password'], ['绑定账号', 'bind']] as const) {
    fireEvent.click(screen.getByRole('button', { name: title }));
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/pages/${page}/index` });
  }
});

test('tells a bound user so, and suggests binding to one who is not', async () => {
  fakeServer({ '/api/v1/wechat/session': () => ok({ token: 't', bound: true }) });
  await renderPage(<Index />);
  expect(screen.getByText('本微信已绑定中国教师资格网账号。')).toBeTruthy();

  endWechatSession();
  fakeServer(session(false));
  await renderPage(<Index />);
  expect(screen.getByText(/本微信尚未绑定账号/)).toBeTruthy();
});

test('a refused login shows the server message', async () => {
  fakeServer({ '/api/v1/wechat/session': () => refused(400, 'VALIDATION_FAILED', '缺少微信登录凭证') });
  await renderPage(<Index />);
  expect(screen.getByText('缺少微信登录凭证')).toBeTruthy();
});
