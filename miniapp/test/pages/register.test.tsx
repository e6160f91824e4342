/** 注册 on the web: every check under its field, the end date, the SMS code step, the server's refusals. */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import RegisterPage from '../../src/pages/register/index';
import { fakeServer, ok, refused, renderPage, type Handler } from '../fake-server';
import { asWeb } from '../web';

asWeb();

const META = {
  idTypes: [
    { value: 'resident-id', label: '居民身份证', validities: ['5y', '10y', '20y', 'long'] },
    { value: 'hkmo-permit', label: '港澳居民来往内地通行证', validities: ['5y', '10y'] },
    { value: 'tw-permit', label: '五年有效期台湾居民来往大陆通行证', validities: ['5y'] },
    { value: 'residence-permit', label: '港澳台居民居住证', validities: ['5y'] },
  ],
};

let tokens = 0;
const captchaRoutes: Record<string, Handler> = {
  '/api/v1/meta': () => ok(META),
  '/api/v1/captcha': (body) => ok(body.kind === 'text' ? { id: 't', kind: 'text', question: '一加一等于几？' } : { id: 's', background: '', piece: '', pieceY: 0, pieceSize: 40, width: 320 }),
  '/api/v1/captcha/verify': () => ok({ captchaToken: `token-${++tokens}` }),
};

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });
const problemOf = (label: string) => {
  const ids = (field(label).getAttribute('aria-describedby') ?? '').split(' ');
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join('');
};

async function solveTextCaptcha() {
  // The choice of 文字验证 is kept for the rest of the visit, so it may already be showing.
  const switchToText = screen.queryByRole('button', { name: /改用文字验证/ });
  if (switchToText) fireEvent.click(switchToText);
  fireEvent.change(await screen.findByLabelText(/一加一等于几/), { target: { value: '2' } });
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '提交答案' })); });
  await screen.findByText('安全验证已通过');
}

function fillValidForm() {
  type('身份证件号码', '11010519491231002x');
  type('姓名', '张三');
  fireEvent.click(screen.getByRole('radio', { name: '20年' }));
  type('身份证件有效开始日期', '2020-01-01');
  type('密码', 'Teacher#2025');
  type('确认密码', 'Teacher#2025');
  type('安全邮箱', '123456@qq.com');
  type('手机号码', '13800138000');
  type('验证码', '123456');
  fireEvent.click(screen.getByRole('checkbox'));
}

test('empty: every problem is under its field, tied to it, and nothing is sent', async () => {
  const sent = fakeServer(captchaRoutes);
  await renderPage(<RegisterPage />);
  fireEvent.click(screen.getByRole('button', { name: '提交' }));
  expect(problemOf('身份证件号码')).toContain('请填写证件号码');
  expect(problemOf('姓名')).toContain('请填写姓名');
  expect(problemOf('身份证件有效开始日期')).toContain('请选择身份证件有效开始日期');
  expect(problemOf('密码')).toContain('请填写密码');
  expect(problemOf('安全邮箱')).toContain('请填写安全邮箱');
  expect(problemOf('手机号码')).toContain('请填写手机号码');
  expect(problemOf('验证码')).toContain('请填写验证码');
  expect(screen.getByText('请阅读并同意《中国教师资格网注册协议》')).toBeTruthy();
  expect(screen.getByText('请选择身份证件有效时间段')).toBeTruthy();
  expect(screen.getByText(/有\d+处需要修改/)).toBeTruthy();
  expect(field('身份证件号码').getAttribute('aria-invalid')).toBe('true');
  expect(document.activeElement).toBe(field('身份证件号码'));
  expect(sent.some((s) => s.path === '/api/v1/accounts')).toBe(false);
});

test('the rules of each field: number by type, name, password as typed, mail, phone', async () => {
  fakeServer(captchaRoutes);
  await renderPage(<RegisterPage />);
  expect(screen.getByText(/请准确填写18位居民身份证号码/)).toBeTruthy();
  fireEvent.change(field('身份证件类型'), { target: { value: 'hkmo-permit' } });
  expect(screen.getByText(/H或M及8位纯数字，最后两位换证次数无需填写/)).toBeTruthy();
  // The validity choices are the chosen type's, from /api/v1/meta.
  expect(screen.queryByRole('radio', { name: '20年' })).toBeNull();
  expect(screen.getByRole('radio', { name: '10年' })).toBeTruthy();
  fireEvent.change(field('身份证件类型'), { target: { value: 'residence-permit' } });
  expect(screen.getByRole('radio', { name: '香港' })).toBeTruthy();

  type('姓名', 'Zhang San');
  type('密码', 'abc');
  expect(screen.getByText('尚未满足：8-32位、包含数字、包含特殊字符')).toBeTruthy();
  type('密码', 'Teacher#2025');
  expect(screen.getByText('密码已满足全部要求')).toBeTruthy();
  type('确认密码', 'Teacher#2024');
  type('安全邮箱', 'zhang@qq.com');
  type('手机号码', '1380013800');
  fireEvent.click(screen.getByRole('button', { name: '提交' }));
  expect(screen.getByText('请选择地区')).toBeTruthy();
  expect(problemOf('姓名')).toContain('姓名只能包含汉字和间隔符“·”');
  expect(problemOf('确认密码')).toContain('两次输入的密码不一致');
  expect(problemOf('安全邮箱')).toContain('QQ邮箱请使用@前为纯数字的形式');
  expect(problemOf('手机号码')).toContain('请输入11位手机号码');
});

test('the middle dot can be inserted, and the end date is computed from the validity', async () => {
  fakeServer(captchaRoutes);
  await renderPage(<RegisterPage />);
  type('姓名', '买买提');
  fireEvent.click(screen.getByRole('button', { name: /插入间隔符/ }));
  expect(field('姓名').value).toBe('买买提·');
  fireEvent.click(screen.getByRole('radio', { name: '10年' }));
  type('身份证件有效开始日期', '2021-03-15');
  expect(screen.getByText('2031-03-15')).toBeTruthy();
  fireEvent.click(screen.getByRole('radio', { name: '长期' }));
  expect(document.querySelector('.field__value')?.textContent).toBe('长期');
});

test('the SMS code: the security check first, then 短信验证码已经发送，请注意接收 and a 60 s countdown', async () => {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
  try {
    const sent = fakeServer({ ...captchaRoutes, '/api/v1/otp': () => ok({ expiresIn: 300, message: '短信验证码已经发送，请注意接收' }) });
    await renderPage(<RegisterPage />);
    type('手机号码', '13800138000');
    fireEvent.click(screen.getByRole('button', { name: '通过短信免费获取验证码' }));
    expect(screen.getByText('请先完成安全验证（拼图验证或文字验证）')).toBeTruthy();
    await solveTextCaptcha();
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '通过短信免费获取验证码' })); });
    await screen.findByText('短信验证码已经发送，请注意接收');
    expect(sent.find((s) => s.path === '/api/v1/otp')?.body).toEqual({ purpose: 'register', channel: 'sms', to: '13800138000', captchaToken: 'token-1' });
    expect(screen.getByRole('button', { name: '60秒后可重新获取' }).hasAttribute('disabled')).toBe(true);
    act(() => { jest.advanceTimersByTime(3000); });
    expect(screen.getByRole('button', { name: '57秒后可重新获取' })).toBeTruthy();
    // The token was spent: the submit needs a new check.
    expect(screen.queryByText('安全验证已通过')).toBeNull();
  } finally {
    jest.useRealTimers();
  }
});

test('the WeChat code: how to get it from the service account, and the channel sent', async () => {
  const sent = fakeServer({ ...captchaRoutes, '/api/v1/accounts': () => ({ status: 201, body: { id: 'a' } }) });
  await renderPage(<RegisterPage />);
  fireEvent.click(screen.getByRole('radio', { name: '微信扫码验证' }));
  expect(screen.getByText(/在服务号中点击下方的“取验证码”后输入证件号码/)).toBeTruthy();
  fillValidForm();
  await solveTextCaptcha();
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '提交' })); });
  await screen.findByText('注册成功');
  expect(sent.find((s) => s.path === '/api/v1/accounts')?.body).toEqual({
    idType: 'resident-id', idNumber: '11010519491231002X', name: '张三', validity: '20y', validFrom: '2020-01-01',
    password: 'Teacher#2025', email: '123456@qq.com', phone: '13800138000', otp: { channel: 'wechat', code: '123456' },
    agreed: true, captchaToken: expect.stringMatching(/^token-/),
  });
});

test('该用户已注册 leads to 忘记密码; the server\'s field problems go under their fields', async () => {
  let reply = refused(409, 'ACCOUNT_EXISTS', '该用户已注册');
  fakeServer({ ...captchaRoutes, '/api/v1/accounts': () => reply });
  await renderPage(<RegisterPage />);
  fillValidForm();
  await solveTextCaptcha();
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '提交' })); });
  await screen.findByText('该用户已注册');
  fireEvent.click(screen.getByRole('button', { name: '忘记密码' }));
  expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/forgot/index' });

  reply = refused(400, 'OTP_INVALID', '验证码错误或已失效，请重新获取');
  await solveTextCaptcha();
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '提交' })); });
  await waitFor(() => expect(problemOf('验证码')).toContain('验证码错误或已失效，请重新获取'));
});
