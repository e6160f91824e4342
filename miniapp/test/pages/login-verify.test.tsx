/** 登录 and where it leads, 实名认证 with its confirmation and guidance, 人工审核 with its photos. */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { routerParams, storage } from '../mocks/taro';
import LoginPage from '../../src/pages/login/index';
import ReviewPage from '../../src/pages/review/index';
import VerifyPage from '../../src/pages/verify/index';
import { fakeServer, ok, refused, renderPage, type Handler } from '../fake-server';
import { asWeb } from '../web';

asWeb();

const captchaRoutes: Record<string, Handler> = {
  '/api/v1/captcha': (body) => ok(body.kind === 'text' ? { id: 't', kind: 'text', question: '一加一等于几？' } : { id: 's', background: '', piece: '', pieceY: 0, pieceSize: 40, width: 320 }),
  '/api/v1/captcha/verify': () => ok({ captchaToken: 'token' }),
};

async function solveTextCaptcha() {
  const switchToText = screen.queryByRole('button', { name: /改用文字验证/ });
  if (switchToText) fireEvent.click(switchToText);
  fireEvent.change(await screen.findByLabelText(/一加一等于几/), { target: { value: '2' } });
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '提交答案' })); });
  await screen.findByText('安全验证已通过');
}

const ME = {
  id: 'a1', idType: 'resident-id', region: null, idNumber: '11**************2X', name: '张三', validity: '20y', validFrom: '2020-01-01',
  validTo: '2040-01-01', email: '1*****@qq.com', phone: '138*****00', ethnicity: '汉族', gender: null, birthDate: null,
  passNumber: null, localIdNumber: null, profileComplete: true, verification: { status: 'unverified', reason: null },
};

beforeEach(() => {
  storage.clear();
  for (const key of Object.keys(routerParams)) delete routerParams[key];
});

async function logInWith(reply: () => ReturnType<Handler>, me: object = ME) {
  cleanup();
  const sent = fakeServer({ ...captchaRoutes, '/api/v1/sessions': reply, '/api/v1/me': () => ok(me) });
  await renderPage(<LoginPage />);
  fireEvent.change(screen.getByLabelText('账号（证件号码）'), { target: { value: '11010519491231002x' } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Teacher#2025' } });
  await solveTextCaptcha();
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '登录' })); });
  return sent;
}

test('登录 asks for the number, the password and the security check before sending', async () => {
  const sent = fakeServer(captchaRoutes);
  await renderPage(<LoginPage />);
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
  expect(screen.getByText('请填写有效身份证件号码')).toBeTruthy();
  expect(screen.getByText('请填写密码')).toBeTruthy();
  expect(screen.getByText('请先完成安全验证（拼图验证或文字验证）')).toBeTruthy();
  expect(sent.some((s) => s.path === '/api/v1/sessions')).toBe(false);
  fireEvent.click(screen.getByRole('checkbox', { name: '显示密码' }));
  expect((screen.getByLabelText('密码') as HTMLInputElement).type).toBe('text');
});

test('登录失败！ comes with the FAQ checklist; a pre-2019 account is sent to 注册', async () => {
  await logInWith(() => refused(401, 'LOGIN_FAILED', '登录失败！'));
  await screen.findByText('登录失败！');
  expect(screen.getByText(/b\. 如果您是首次访问“中国教师资格网”办理教师资格业务，请先注册账号后再登录/)).toBeTruthy();
  expect(screen.getByText(/ntce\.neea\.edu\.cn/)).toBeTruthy();

  await logInWith(() => refused(401, 'LEGACY_ACCOUNT', '您在2019年3月1日之前在“中国教师资格网”进行过报名，需要重新注册账号后方可登录。'));
  await screen.findAllByText(/需要重新注册账号后方可登录/);
  fireEvent.click(screen.getByRole('button', { name: '去注册' }));
  expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/register/index' });
});

test('after login the next step decides the page: 完善个人信息, then 实名认证, else 个人信息中心', async () => {
  const sent = await logInWith(() => ok({ token: 'session-1', account: ME }), { ...ME, nextStep: 'complete-profile' });
  await waitFor(() => expect(Taro.redirectTo).toHaveBeenLastCalledWith({ url: '/pages/profile/index?tab=info&first=1' }));
  expect(storage.get('jszg.session.token')).toBe('session-1');
  expect(sent.find((s) => s.path === '/api/v1/me')?.headers.Authorization).toBe('Bearer session-1');

  await logInWith(() => ok({ token: 'session-2', account: ME }), { ...ME, nextStep: 'verify' });
  await waitFor(() => expect(Taro.redirectTo).toHaveBeenLastCalledWith({ url: '/pages/verify/index?prompt=1' }));

  // An older server without nextStep: read from profileComplete and the status.
  await logInWith(() => ok({ token: 'session-3', account: ME }), { ...ME, verification: { status: 'verified', reason: null } });
  await waitFor(() => expect(Taro.redirectTo).toHaveBeenLastCalledWith({ url: '/pages/profile/index' }));
});

const STATE = {
  status: 'unverified', reason: null, name: '张三', remainingToday: 3, manualReviewsLeft: 3,
  period: { from: '2026-09-01', to: '2026-12-31' }, pendingReview: null,
};

test('实名认证: the 您还剩N次 confirmation, then success in words', async () => {
  storage.set('jszg.session.token', 'session');
  routerParams.prompt = '1';
  verificationServer({ status: 'verified', remainingToday: 2, message: '恭喜您，已通过实名核验' });
  await renderPage(<VerifyPage />);
  expect(screen.getByText('您还未进行实名认证，需进入“个人信息中心”完成实名认证，再办理业务！')).toBeTruthy();
  await screen.findByText('提示：您还未进行实名认证。');
  fireEvent.click(screen.getByRole('button', { name: '实名认证' }));
  expect(screen.getByText('每日您最多可进行三次实名认证，您还剩3次，是否确认提交？您使用当前证件号码进行实名认证的姓名为：张三，请确认与证件是否一致。')).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: '返回检查' }));
  expect(screen.queryByText(/是否确认提交/)).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: '实名认证' }));
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '确认提交' })); });
  await screen.findByText('恭喜您，已通过实名核验');
  expect(screen.getByText(/实名认证成功/)).toBeTruthy();
});

function verificationServer(result: object, me: object = ME) {
  return fakeServer({
    '/api/v1/me': () => ok(me),
    'GET /api/v1/me/verification': () => ok(STATE),
    'POST /api/v1/me/verification': () => ok(result),
  });
}

test('实名认证 failed for a 身份证 holder: the CTID guide and 人工审核; for a permit holder, 人工审核 only', async () => {
  storage.set('jszg.session.token', 'session');
  const failed = { status: 'failed', remainingToday: 2, message: '实名核验未通过。', next: { manualReview: { title: '申请人工审核', text: '', remainingThisPeriod: 3 } } };
  verificationServer(failed);
  await renderPage(<VerifyPage />);
  await screen.findByText('提示：您还未进行实名认证。');
  fireEvent.click(screen.getByRole('button', { name: '实名认证' }));
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '确认提交' })); });
  await screen.findByText('实名认证未通过');
  expect(screen.getByText(/^开通CTID网证：居民身份证网上功能凭证开通指南/)).toBeTruthy();
  expect(screen.getByText(/下载“CTID”APP/)).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: '申请人工审核' }));
  expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/review/index' });
});

test('实名认证 for a 港澳 permit holder offers 人工审核 and no CTID guide', async () => {
  storage.set('jszg.session.token', 'session');
  const failed = { status: 'failed', remainingToday: 2, message: '实名核验未通过。' };
  verificationServer(failed, { ...ME, idType: 'hkmo-permit', idNumber: 'H1******8' });
  await renderPage(<VerifyPage />);
  await screen.findByText('提示：您还未进行实名认证。');
  expect(screen.getByText('您所使用的证件类型不为居民身份证，实名认证失败的，请申请人工审核。')).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: '实名认证' }));
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '确认提交' })); });
  await screen.findByText('实名认证未通过');
  expect(screen.queryByText(/开通CTID网证/)).toBeNull();
});

test('人工审核: the three photos and the reason are required; the status and the reviewer\'s reason are shown', async () => {
  storage.set('jszg.session.token', 'session');
  const sent = fakeServer({
    '/api/v1/me': () => ok({ ...ME, verification: { status: 'manual-rejected', reason: '民族错误' } }),
    '/api/v1/me/verification': () => ok({ ...STATE, status: 'manual-rejected', manualReviewsLeft: 2 }),
  });
  await renderPage(<ReviewPage />);
  await screen.findByText('提示：人工审核不通过。');
  expect(screen.getByText(/不通过原因：民族错误/)).toBeTruthy();
  expect(screen.getByText(/您还可以申请2次人工审核/)).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: '申请人工审核' }));
  expect(screen.getByText('请上传身份证件A面照片')).toBeTruthy();
  expect(screen.getByText('请上传身份证件B面照片')).toBeTruthy();
  expect(screen.getByText('请上传本人手持身份证件照片')).toBeTruthy();
  expect(screen.getByText('请填写申请原因')).toBeTruthy();
  expect(screen.queryByText(/是否确认提交/)).toBeNull();
  expect(sent.some((s) => s.path === '/api/v1/me/manual-reviews')).toBe(false);
});

test('人工审核 pending: its deadline, and no form', async () => {
  storage.set('jszg.session.token', 'session');
  fakeServer({
    '/api/v1/me': () => ok({ ...ME, verification: { status: 'manual-pending', reason: null } }),
    '/api/v1/me/verification': () => ok({ ...STATE, status: 'manual-pending', manualReviewsLeft: 2, pendingReview: { id: 'r', submittedAt: '2026-11-29', dueBy: '2026-12-08' } }),
  });
  await renderPage(<ReviewPage />);
  await screen.findByText('提示：您已提交人工审核，请耐心等待');
  await screen.findByText('审核结论将在2026-12-08之前给出（7个工作日之内）。');
  expect(screen.queryByRole('button', { name: '申请人工审核' })).toBeNull();
});
