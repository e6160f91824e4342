/** The app shell, the form fields and the captcha alternatives, as rendered on the web. */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { AppShell } from '../../src/components/AppShell';
import { Captcha } from '../../src/components/Captcha';
import { Notice } from '../../src/components/Notice';
import { TextField } from '../../src/components/TextField';
import { forgetDisplayMode } from '../../src/services/display-mode';
import { fakeServer, ok, refused } from '../fake-server';
import { asWeb } from '../web';

asWeb();
beforeEach(() => forgetDisplayMode());

test('every page has a skip link to its main landmark, a heading, and the 长辈版 switch, remembered', () => {
  const { unmount } = render(<AppShell title='注册'><p>内容</p></AppShell>);
  const main = screen.getByRole('main');
  expect(screen.getByRole('heading', { level: 1, name: '注册' })).toBeTruthy();
  const skip = screen.getByRole('link', { name: '跳到主要内容' });
  fireEvent.click(skip);
  expect(document.activeElement).toBe(main);

  const toggle = screen.getByRole('button', { name: '长辈版：未开启' });
  expect(toggle.getAttribute('aria-pressed')).toBe('false');
  expect(document.querySelector('.app--large')).toBeNull();
  fireEvent.click(toggle);
  expect(screen.getByRole('button', { name: '长辈版：已开启' }).getAttribute('aria-pressed')).toBe('true');
  expect(document.querySelector('.app--large')).not.toBeNull();
  expect(Taro.setStorageSync).toHaveBeenLastCalledWith('jszg.display.large', true);
  unmount();

  // The next page (and the next visit) opens in the chosen mode.
  forgetDisplayMode();
  render(<AppShell title='登录'><p>内容</p></AppShell>);
  expect(document.querySelector('.app--large')).not.toBeNull();
});

test('a field has its label, its hint and its problem tied to the input, the problem in a live region', () => {
  const { rerender } = render(
    <TextField label='手机号码' hint='请输入11位手机号码' value='' placeholder='p' maxlength={11} onChange={() => undefined} />,
  );
  const input = screen.getByLabelText('手机号码');
  expect(input.getAttribute('aria-invalid')).toBeNull();
  const described = () => (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join('|');
  expect(described()).toContain('请输入11位手机号码');
  const live = document.querySelector('[aria-live="assertive"]');
  expect(live?.textContent).toBe('');

  rerender(<TextField label='手机号码' hint='请输入11位手机号码' value='123' placeholder='p' maxlength={11} problem='手机号码不正确' onChange={() => undefined} />);
  expect(input.getAttribute('aria-invalid')).toBe('true');
  expect(described()).toContain('手机号码不正确');
  expect(live?.textContent).toContain('手机号码不正确');
});

test('notices say their kind in words and are announced', () => {
  render(<><Notice kind='error'>验证码错误</Notice><Notice kind='success' title='注册成功' /></>);
  expect(screen.getByRole('alert').textContent).toContain('错误');
  expect(screen.getByRole('status').textContent).toContain('成功：注册成功');
});

const PUZZLE = { id: 'p1', kind: 'slider', background: 'data:image/png;base64,AA', piece: 'data:image/png;base64,BB', pieceY: 10, pieceSize: 50, width: 320 };

test('the slider moves with the arrow keys, says where it is, and Enter drops it with a track', async () => {
  const sent = fakeServer({
    '/api/v1/captcha': () => ok(PUZZLE),
    '/api/v1/captcha/verify': (body) => (Math.abs(Number(body.x) - 45) <= 5 ? ok({ captchaToken: 'slid' }) : refused(400, 'CAPTCHA_FAILED', '拼图验证未通过，请重试')),
  });
  const solved = jest.fn();
  render(<Captcha onSolved={solved} />);
  const slider = await screen.findByRole('slider');
  expect(slider.getAttribute('aria-label')).toMatch(/方向键/);
  // 285 px shown for a 320 px picture: 20 + 2 × 10 px of screen = 40 px ≈ 45 px of picture.
  fireEvent.keyDown(slider, { key: 'ArrowRight', shiftKey: true });
  for (let i = 0; i < 10; i++) fireEvent.keyDown(slider, { key: 'ArrowRight' });
  expect(slider.getAttribute('aria-valuenow')).toBe('40');
  expect(slider.getAttribute('aria-valuetext')).toMatch(/^已向右移动40像素/);
  fireEvent.keyDown(slider, { key: 'ArrowLeft' });
  fireEvent.keyDown(slider, { key: 'ArrowRight' });
  await act(async () => { fireEvent.keyDown(slider, { key: 'Enter' }); });
  await waitFor(() => expect(solved).toHaveBeenCalledWith('slid'));
  const verify = sent.find((s) => s.path === '/api/v1/captcha/verify')?.body as { x: number; track: Array<[number, number]> };
  expect(verify.x).toBe(45);
  expect(verify.track.length).toBeGreaterThan(10);
  expect(sent.find((s) => s.path === '/api/v1/captcha')?.body).toEqual({ kind: 'slider' });
});

test('文字验证: the question is the label; a wrong answer burns it and a new one is asked; a right one gives the token', async () => {
  let asked = 0;
  const sent = fakeServer({
    '/api/v1/captcha': (body) => (body.kind === 'text'
      ? ok({ id: `q${++asked}`, kind: 'text', question: asked === 1 ? '三加四等于几？' : '八减二等于几？' })
      : ok(PUZZLE)),
    '/api/v1/captcha/verify': (body) => (body.id === 'q2' && body.answer === '6' ? ok({ captchaToken: 'worded' }) : refused(400, 'CAPTCHA_FAILED', '验证未通过，请重试')),
  });
  const solved = jest.fn();
  render(<Captcha onSolved={solved} />);
  fireEvent.click(await screen.findByRole('button', { name: /改用文字验证/ }));
  const answer = await screen.findByLabelText(/三加四等于几？/);
  fireEvent.click(screen.getByRole('button', { name: '提交答案' }));
  expect(screen.getByText('请填写答案')).toBeTruthy();
  fireEvent.change(answer, { target: { value: '8' } });
  await act(async () => { fireEvent.submit(answer.closest('form') as HTMLFormElement); });
  await screen.findByLabelText(/八减二等于几？/);
  expect(screen.getByText(/验证未通过，请重试。已换一道新题/)).toBeTruthy();
  fireEvent.change(screen.getByLabelText(/八减二等于几？/), { target: { value: '6' } });
  await act(async () => { fireEvent.click(screen.getByRole('button', { name: '提交答案' })); });
  await waitFor(() => expect(solved).toHaveBeenCalledWith('worded'));
  expect(sent.filter((s) => s.path === '/api/v1/captcha/verify').map((s) => s.body)).toEqual([{ id: 'q1', answer: '8' }, { id: 'q2', answer: '6' }]);
});
