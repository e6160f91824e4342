import { fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { MESSAGES } from '@shared/reference-data';
import ForgotPasswordPage, { MAIL_SENT_TEXT } from '../../src/pages/forgot/index';
import { EMPTY_NAME_MESSAGE } from '../../src/pages/forgot/IdentifyStep';
import { CODE_FORMAT_MESSAGE } from '../../src/pages/forgot/CodeReset';
import { NO_PHOTO_MESSAGE, SUPPORT_FOR_ENROLLED } from '../../src/pages/forgot/ContactChange';
import { EMPTY_ID_NUMBER_MESSAGE } from '../../src/services/form-rules';
import { fakeServer, ok, refused, renderPage, type Handler } from '../fake-server';
import { albumPhoto, CAPTCHA_TOKEN, captchaRoutes, formFieldsOf, press, settle, solveCaptchaByText, type } from '../recovery-helpers';

const ID_NUMBER = '11010519491231002X';
const NEW_PASSWORD = 'Teacher#2025';
const CHANNELS = { resetId: 'reset-0123456789abcdef', email: '4*****@qq.com', phone: '158*****11', wechat: false };

function routes(extra: Record<string, Handler> = {}, channels: object = CHANNELS) {
  return fakeServer({ ...captchaRoutes, '/api/v1/password-resets': () => ok(channels), ...extra });
}

async function identify(): Promise<void> {
  await renderPage(<ForgotPasswordPage />);
  type('请输入证件号码', ID_NUMBER);
  type('请输入姓名', '张三');
  press('下一步');
  await settle();
  await solveCaptchaByText();
}

/** 重置方式: in the mini-program a picker of the ways this account has. */
const channelPicker = () => screen.getAllByLabelText('picker').find((select) => select.textContent?.includes('重置密码'))!;
const channelNames = () => [...channelPicker().querySelectorAll('option')].map((option) => option.textContent);
function choose(channel: string): void {
  const index = channelNames().indexOf(channel);
  fireEvent.change(channelPicker(), { target: { value: String(index) } });
}

jest.setTimeout(20_000);
beforeEach(() => jest.clearAllMocks());

test('输入账号: a missing number or name is said under its field, and nothing is sent', async () => {
  const sent = routes();
  await renderPage(<ForgotPasswordPage />);
  press('下一步');
  expect(screen.getByText(EMPTY_ID_NUMBER_MESSAGE)).toBeTruthy();
  expect(screen.getByText(EMPTY_NAME_MESSAGE)).toBeTruthy();
  type('请输入证件号码', '110105194912310021');
  press('下一步');
  expect(screen.getByText(/校验/)).toBeTruthy();
  expect(sent).toHaveLength(0);
});

test('输入账号 asks for the captcha first, then shows the account\'s ways with its masked contacts', async () => {
  const sent = routes();
  await identify();
  const start = sent.find((each) => each.path === '/api/v1/password-resets');
  expect(start?.body).toEqual({ idType: 'resident-id', idNumber: ID_NUMBER, name: '张三', captchaToken: CAPTCHA_TOKEN });
  expect(screen.getByText('4*****@qq.com')).toBeTruthy();
  expect(channelNames()).toEqual(['邮箱重置密码', '短信验证重置密码']);
  expect(screen.getByText('本账号未关联微信服务号，不能通过微信重置密码。')).toBeTruthy();
});

test('not found: the FAQ\'s message, and the ways on (注册, 申请核查账号信息 by 咨询求助)', async () => {
  routes({ '/api/v1/password-resets': () => refused(404, 'ACCOUNT_NOT_FOUND', MESSAGES.accountNotFound) });
  await identify();
  expect(screen.getByText(MESSAGES.accountNotFound)).toBeTruthy();
  fireEvent.click(screen.getByText('申请核查账号信息'));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/support/index?kind=account-check' });
});

test('legacy account: the manual\'s message and the way to 注册', async () => {
  routes({ '/api/v1/password-resets': () => refused(409, 'LEGACY_ACCOUNT', MESSAGES.legacyReset) });
  await identify();
  expect(screen.getByText(MESSAGES.legacyReset)).toBeTruthy();
  fireEvent.click(screen.getByText('注册账号'));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/register/index' });
});

test('邮箱重置密码: 确认 sends the link and says where it went', async () => {
  const sent = routes({ [`/api/v1/password-resets/${CHANNELS.resetId}/email`]: () => ok({ sent: true }) });
  await identify();
  press('确认');
  await screen.findByText(MAIL_SENT_TEXT);
  expect(screen.getByText(/重置邮件已发送至 4\*\*\*\*\*@qq.com/)).toBeTruthy();
  expect(sent.map((each) => each.path)).toContain(`/api/v1/password-resets/${CHANNELS.resetId}/email`);
});

test('短信验证重置密码: the code is sent with a countdown, checked, and the new password set', async () => {
  const sent = routes({
    [`/api/v1/password-resets/${CHANNELS.resetId}/sms`]: () => ok({ expiresIn: 300 }),
    '/api/v1/password-resets/complete': (body) => (body.code === '123456' ? { status: 204, body: '' } : refused(400, 'OTP_INVALID', MESSAGES.otpInvalid)),
  });
  await identify();
  choose('短信验证重置密码');
  expect(screen.getByText('158*****11')).toBeTruthy();
  press('免费获取验证码');
  await screen.findByText(new RegExp(MESSAGES.smsSent));
  expect(screen.getByRole('button', { name: /秒后可重新获取/ }).hasAttribute('disabled')).toBe(true);

  type('请输入新密码', NEW_PASSWORD);
  type('请再次输入新密码', NEW_PASSWORD);
  type('请输入6位数字验证码', '12a');
  press('确认');
  expect(screen.getByText(CODE_FORMAT_MESSAGE)).toBeTruthy();

  type('请输入6位数字验证码', '654321');
  press('确认');
  await screen.findByText(MESSAGES.otpInvalid);

  type('请输入6位数字验证码', '123456');
  press('确认');
  await screen.findByText('密码重置成功');
  const complete = sent.filter((each) => each.path === '/api/v1/password-resets/complete').pop();
  expect(complete?.body).toEqual({ resetId: CHANNELS.resetId, code: '123456', newPassword: NEW_PASSWORD, channel: 'sms' });
});

test('微信验证重置密码 is offered to a bound account: the service account\'s 重置密码, or its code here', async () => {
  const sent = routes({ '/api/v1/password-resets/complete': () => ({ status: 204, body: '' }) }, { ...CHANNELS, email: null, phone: null, wechat: true });
  await identify();
  expect(channelNames()).toEqual(['微信验证重置密码']);
  press('在微信中打开“重置密码”');
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/password/index' });
  type('请输入6位数字验证码', '123456');
  type('请输入新密码', NEW_PASSWORD);
  type('请再次输入新密码', NEW_PASSWORD);
  press('确认');
  await screen.findByText('密码重置成功');
  expect(sent.filter((each) => each.path === '/api/v1/password-resets/complete').pop()?.body).toMatchObject({ channel: 'wechat' });
});

test('修改手机号码: new phone with its code, the photo and the reason; then the status page', async () => {
  albumPhoto();
  const sent = routes({ '/api/v1/otp': () => ok({ expiresIn: 300 }), '/api/v1/contact-changes': () => ({ status: 202, body: { id: 'CC-1', status: 'pending' } }) });
  await identify();
  choose('短信验证重置密码');
  fireEvent.click(screen.getByText('修改手机号码'));
  press('提交');
  expect(screen.getByText('请输入11位手机号码')).toBeTruthy();
  expect(screen.getByText(NO_PHOTO_MESSAGE)).toBeTruthy();
  expect(screen.getByText('请填写申请原因')).toBeTruthy();

  type('请输入11位手机号码', '13912345678');
  press('免费获取验证码');
  await settle();
  await solveCaptchaByText();
  expect(sent.find((each) => each.path === '/api/v1/otp')?.body).toEqual({ purpose: 'change-phone', channel: 'sms', to: '13912345678', captchaToken: CAPTCHA_TOKEN });
  type('请输入6位数字验证码', '246810');
  press('拍摄或选择照片');
  await screen.findByText(/照片符合要求/);
  type('请说明原邮箱或手机号码无法使用的原因', '原手机号已停用');
  expect(screen.getByText(/当前状态/)).toBeTruthy();
  press('提交');
  await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/contact-change/index?id=CC-1&submitted=1' }));
  const form = sent.find((each) => each.path === '/api/v1/contact-changes');
  expect(formFieldsOf(form!)).toEqual({ resetId: CHANNELS.resetId, kind: 'phone', newValue: '13912345678', code: '246810', reason: '原手机号已停用' });
});

test('an enrolled account is refused a contact change and led to 咨询求助 修改手机（邮箱）信息', async () => {
  albumPhoto();
  const enrolled = '如您已进行认定或定期注册的报名，则不允许提交修改联系方式申请，请登录账号后自行修改相应联系方式！';
  routes({ '/api/v1/contact-changes': () => refused(403, 'ENROLLED', enrolled) });
  await identify();
  fireEvent.click(screen.getByText('修改邮箱地址'));
  type('请输入新的邮箱地址', '12345678@qq.com');
  type('请输入6位数字验证码', '246810');
  press('拍摄或选择照片');
  await screen.findByText(/照片符合要求/);
  type('请说明原邮箱或手机号码无法使用的原因', '邮箱已注销');
  press('提交');
  await screen.findByText(enrolled);
  fireEvent.click(screen.getByText(SUPPORT_FOR_ENROLLED));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/support/index?kind=contact-info' });
});
