/** 个人信息中心: 完善个人信息 by document type, the prompt to 实名认证 after it, 修改密码, 绑定微信, 退出. */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { routerParams, storage } from '../mocks/taro';
import ProfilePage from '../../src/pages/profile/index';
import { fakeServer, ok, refused, renderPage } from '../fake-server';
import { asWeb } from '../web';

asWeb();

const ME = {
  id: 'a1', idType: 'resident-id', region: null, idNumber: '11**************2X', name: '张三', validity: '20y', validFrom: '2020-01-01',
  validTo: '2040-01-01', email: '1*****@qq.com', phone: '138*****00', ethnicity: null, gender: null, birthDate: null,
  passNumber: null, localIdNumber: null, profileComplete: false, verification: { status: 'unverified', reason: null },
  nextStep: 'complete-profile',
};

beforeEach(() => {
  storage.clear();
  storage.set('jszg.session.token', 'session');
  for (const key of Object.keys(routerParams)) delete routerParams[key];
});

test('完善个人信息 for a 身份证 holder: 民族 only; once saved, the 您还未进行实名认证 prompt leads to 实名认证', async () => {
  let me: object = ME;
  const sent = fakeServer({
    'GET /api/v1/me': () => ok(me),
    'PATCH /api/v1/me': (body) => {
      me = { ...ME, ...body, profileComplete: true, nextStep: 'verify', notice: '您还未进行实名认证，需进入“个人信息中心”完成实名认证，再办理业务！' };
      return ok(me);
    },
  });
  await renderPage(<ProfilePage />);
  await screen.findByText('完善个人信息');
  expect(screen.getByText(/须先完善个人信息/)).toBeTruthy();
  expect(screen.queryByLabelText('出生日期')).toBeNull();
  expect(screen.queryByRole('radio', { name: '男' })).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: '提交' }));
  expect(screen.getByText('请选择民族')).toBeTruthy();
  fireEvent.change(screen.getByLabelText('民族'), { target: { value: '回族' } });
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '提交' })); });
  await screen.findByText('个人信息已保存');
  expect(sent.find((s) => s.path === '/api/v1/me' && s.body)?.body).toEqual({ ethnicity: '回族' });
  await screen.findByText('您还未进行实名认证，需进入“个人信息中心”完成实名认证，再办理业务！');
  fireEvent.click(screen.getByRole('button', { name: '确定' }));
  expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/verify/index' });
});

test('完善个人信息 for a 居住证 holder asks 性别, 出生日期, 通行证号码 and the local ID number too', async () => {
  const sent = fakeServer({
    'GET /api/v1/me': () => ok({ ...ME, idType: 'residence-permit', region: 'hk' }),
    'PATCH /api/v1/me': () => ok({ ...ME, profileComplete: true, nextStep: 'verify' }),
  });
  await renderPage(<ProfilePage />);
  await screen.findByText('完善个人信息');
  fireEvent.change(screen.getByLabelText('民族'), { target: { value: '汉族' } });
  fireEvent.change(screen.getByLabelText('通行证号码'), { target: { value: 'h1234567' } });
  fireEvent.click(screen.getByRole('button', { name: '提交' }));
  expect(screen.getByText('请选择性别')).toBeTruthy();
  expect(screen.getByText('请选择出生日期')).toBeTruthy();
  expect(screen.getByText('通行证号码应为H或M加8位数字（港澳）或8位数字（台湾）')).toBeTruthy();
  expect(screen.getByText('请填写港澳当地身份证件号码')).toBeTruthy();
  fireEvent.click(screen.getByRole('radio', { name: '女' }));
  fireEvent.change(screen.getByLabelText('出生日期'), { target: { value: '1992-01-01' } });
  fireEvent.change(screen.getByLabelText('通行证号码'), { target: { value: 'h12345678' } });
  fireEvent.change(screen.getByLabelText('港澳当地身份证件号码'), { target: { value: 'a1234567' } });
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '提交' })); });
  await screen.findByText('个人信息已保存');
  expect(sent.find((s) => s.path === '/api/v1/me' && s.body)?.body).toEqual({
    ethnicity: '汉族', gender: 'female', birthDate: '1992-01-01', passNumber: 'H12345678', localIdNumber: 'A1234567',
  });
});

test('修改密码: the rule, the confirmation, and the server\'s answer', async () => {
  routerParams.tab = 'password';
  let reply = refused(401, 'LOGIN_FAILED', '原密码错误');
  fakeServer({ 'GET /api/v1/me': () => ok({ ...ME, profileComplete: true, nextStep: 'verify' }), 'PUT /api/v1/me/password': () => reply });
  await renderPage(<ProfilePage />);
  await screen.findByLabelText('原密码');
  expect(screen.getByRole('button', { name: '修改密码（当前）' }).getAttribute('aria-current')).toBe('page');
  fireEvent.change(screen.getByLabelText('原密码'), { target: { value: 'Old#2020xx' } });
  fireEvent.change(screen.getByLabelText('新密码'), { target: { value: 'New#2025xx' } });
  fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: 'New#2025xy' } });
  fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
  expect(screen.getByText('两次输入的密码不一致')).toBeTruthy();
  fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: 'New#2025xx' } });
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '修改密码' })); });
  await screen.findByText('原密码错误');
  reply = { status: 204, body: null };
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '修改密码' })); });
  await screen.findByText(/密码修改成功/);
});

test('修改手机号码 asks for the current password again and sends it with the new number\'s code', async () => {
  routerParams.tab = 'phone';
  let reply = refused(401, 'LOGIN_FAILED', '密码错误', { fields: { password: '密码错误' } });
  const sent = fakeServer({ 'GET /api/v1/me': () => ok({ ...ME, profileComplete: true }), 'PUT /api/v1/me/phone': () => reply });
  await renderPage(<ProfilePage />);
  await screen.findByLabelText('新手机号码');
  fireEvent.change(screen.getByLabelText('新手机号码'), { target: { value: '13900001111' } });
  fireEvent.change(screen.getByLabelText('验证码'), { target: { value: '123456' } });
  fireEvent.click(screen.getByRole('button', { name: '修改手机号码' }));
  expect(screen.getByText('请输入当前登录密码')).toBeTruthy();
  expect(sent.some((s) => s.path === '/api/v1/me/phone')).toBe(false);
  fireEvent.change(screen.getByLabelText('当前登录密码'), { target: { value: 'Wrong#2020' } });
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '修改手机号码' })); });
  expect((await screen.findAllByText('密码错误')).length).toBeGreaterThan(0);
  reply = ok({ ...ME, profileComplete: true, phone: '139*****11' });
  fireEvent.change(screen.getByLabelText('当前登录密码'), { target: { value: 'Right#2020' } });
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '修改手机号码' })); });
  await screen.findByText('手机号码修改成功');
  expect(sent.filter((s) => s.path === '/api/v1/me/phone').at(-1)?.body).toEqual({ phone: '13900001111', code: '123456', password: 'Right#2020' });
});

test('绑定微信 on the web: a QR code drawn in the app, with how long it lasts', async () => {
  routerParams.tab = 'wechat';
  fakeServer({
    'GET /api/v1/me': () => ok({ ...ME, profileComplete: true }),
    'GET /api/v1/me/wechat': () => ok({ bound: false }),
    'POST /api/v1/me/wechat/qrcode': () => ok({ ticket: 't', url: 'http://weixin.qq.com/q/bind-abc', expiresIn: 600 }),
  });
  await renderPage(<ProfilePage />);
  await screen.findByText('未绑定微信');
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '显示绑定二维码' })); });
  const qr = await screen.findByRole('img', { name: '绑定微信二维码，请使用微信扫描' });
  expect(qr.getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
  expect(screen.getByText(/二维码10分钟内有效/)).toBeTruthy();
});

test('退出 ends the session on the server and here', async () => {
  const sent = fakeServer({ 'GET /api/v1/me': () => ok({ ...ME, profileComplete: true }), 'DELETE /api/v1/sessions/current': () => ({ status: 204, body: null }) });
  await renderPage(<ProfilePage />);
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '退出' })); });
  await waitFor(() => expect(Taro.reLaunch).toHaveBeenLastCalledWith({ url: '/pages/login/index' }));
  expect(sent.find((s) => s.path === '/api/v1/sessions/current')?.headers.Authorization).toBe('Bearer session');
  expect(storage.has('jszg.session.token')).toBe(false);
});

test('without a session the page sends the applicant to 登录', async () => {
  storage.clear();
  fakeServer({});
  await renderPage(<ProfilePage />);
  expect(Taro.redirectTo).toHaveBeenLastCalledWith({ url: '/pages/login/index' });
});
