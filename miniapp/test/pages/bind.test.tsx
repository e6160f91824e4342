import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import BindPage, { EMPTY_PASSWORD_MESSAGE } from '../../src/pages/bind/index';
import { endWechatSession } from '../../src/services/wechat';
import { fakeServer, renderPage, held, ok, refused, session } from '../fake-server';

const ID_NUMBER = '11010519491231002X';

function type(placeholder: string, value: string) {
  fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } });
}

const button = () => screen.getByRole('button', { name: /绑定/ });

beforeEach(() => endWechatSession());

/** The puzzle routes: a drop at 120 px on screen is right. */
const puzzleRoutes = {
  '/api/v1/captcha': () => ok({
    id: 'puzzle-1', background: 'data:image/png;base64,AAAA', piece: 'data:image/png;base64,BBBB', pieceY: 40, pieceSize: 50, width: 320,
  }),
  '/api/v1/captcha/verify': (body: Record<string, unknown>) => (body.x === toPicture(120) ? ok({ captchaToken: 'token-1' }) : refused(400, 'CAPTCHA_FAILED', '拼图验证未通过，请重试')),
};

/** Drags the slider's knob 120 px to the right with touches. */
async function solvePuzzle(): Promise<void> {
  const knob = (await screen.findByText('→')).parentElement as HTMLElement;
  fireEvent.touchStart(knob, { touches: [{ clientX: 10 }] });
  fireEvent.touchMove(knob, { touches: [{ clientX: 70 }] });
  fireEvent.touchEnd(knob, { touches: [], changedTouches: [{ clientX: 130 }] });
}

test('empty: asks for the number and the password', async () => {
  const sent = fakeServer(session(false));
  await renderPage(<BindPage />);
  expect(document.querySelector('.field__picker')?.textContent).toBe('居民身份证');
  fireEvent.click(button());
  expect(screen.getByText('请填写证件号码')).toBeTruthy();
  expect(screen.getByText(EMPTY_PASSWORD_MESSAGE)).toBeTruthy();
  expect(sent.some((s) => s.path === '/api/v1/wechat/bind')).toBe(false);
});

test('invalid input: the number is checked against the chosen document type', async () => {
  fakeServer(session(false));
  await renderPage(<BindPage />);
  fireEvent.change(screen.getByLabelText('picker'), { target: { value: '2' } });
  expect(screen.getAllByText('五年有效期台湾居民来往大陆通行证').length).toBeGreaterThan(0);
  type('请输入证件号码', '1234567890');
  type('请输入登录密码', 'whatever');
  fireEvent.click(button());
  expect(screen.getByText('请只填写8位数字，最后两位换证次数无需填写')).toBeTruthy();
});

test('waiting, then success: the masked account is shown', async () => {
  const reply = held();
  const sent = fakeServer({ ...session(false), ...puzzleRoutes, '/api/v1/wechat/bind': reply.handler });
  await renderPage(<BindPage />);
  type('请输入证件号码', ID_NUMBER.toLowerCase());
  type('请输入登录密码', 'Teacher#2025');
  fireEvent.click(button());
  await solvePuzzle();
  await waitFor(() => expect(button().textContent).toBe('正在绑定…'));
  expect(button().hasAttribute('disabled')).toBe(true);
  await act(async () => reply.release(ok({})));
  await screen.findByText('绑定成功');
  expect(screen.getByText(/11\*{14}2X/)).toBeTruthy();
  expect(sent.find((s) => s.path === '/api/v1/wechat/bind')?.body)
    .toEqual({ idType: 'resident-id', idNumber: ID_NUMBER, password: 'Teacher#2025', captchaToken: 'token-1' });
});

test('server error: 登录失败！ as the server says it', async () => {
  fakeServer({ ...session(false), ...puzzleRoutes, '/api/v1/wechat/bind': () => refused(401, 'LOGIN_FAILED', '登录失败！') });
  await renderPage(<BindPage />);
  type('请输入证件号码', ID_NUMBER);
  type('请输入登录密码', 'wrong-password');
  fireEvent.click(button());
  await solvePuzzle();
  await screen.findByText('登录失败！');
  expect(button().hasAttribute('disabled')).toBe(false);
});

/** On the 375 px screen of the mocks the 320 px picture is shown 285 px wide; answers are in picture pixels. */
const toPicture = (screenX: number) => Math.round((screenX * 320) / 285);

test('captcha: a password bind asks for the slider first, and the solved token goes with the request', async () => {
  const bindBodies: Array<Record<string, unknown>> = [];
  const sent = fakeServer({
    ...session(false),
    '/api/v1/wechat/bind': (body) => {
      bindBodies.push(body);
      return body.captchaToken ? ok({}) : refused(400, 'CAPTCHA_REQUIRED', '请先向右拖动滑块完成拼图验证');
    },
    '/api/v1/captcha': () => ok({
      id: 'puzzle-1', background: 'data:image/png;base64,AAAA', piece: 'data:image/png;base64,BBBB', pieceY: 40, pieceSize: 50, width: 320,
    }),
    '/api/v1/captcha/verify': (body) => (body.x === toPicture(120) ? ok({ captchaToken: 'token-1' }) : refused(400, 'CAPTCHA_FAILED', '拼图验证未通过，请重试')),
  });
  await renderPage(<BindPage />);
  type('请输入证件号码', ID_NUMBER);
  type('请输入登录密码', 'Teacher#2025');
  fireEvent.click(button());
  await screen.findByText('请先向右拖动滑块完成拼图验证');
  const knob = (await screen.findByText('→')).parentElement as HTMLElement;

  fireEvent.touchStart(knob, { touches: [{ clientX: 10 }] });
  fireEvent.touchMove(knob, { touches: [{ clientX: 70 }] });
  // The last move is not always delivered: where the finger lifts counts.
  fireEvent.touchEnd(knob, { touches: [], changedTouches: [{ clientX: 130 }] });

  await screen.findByText('绑定成功');
  const verify = sent.find((s) => s.path === '/api/v1/captcha/verify');
  expect(verify?.body).toMatchObject({ id: 'puzzle-1', x: toPicture(120) });
  expect((verify?.body.track as number[][]).map(([x]) => x)).toEqual([0, toPicture(60), toPicture(120)]);
  expect(bindBodies.map((b) => b.captchaToken)).toEqual(['token-1']);
});

test('captcha: a wrong drop shows the message and loads a new puzzle', async () => {
  let puzzles = 0;
  fakeServer({
    ...session(false),
    '/api/v1/wechat/bind': () => refused(400, 'CAPTCHA_REQUIRED', '请先向右拖动滑块完成拼图验证'),
    '/api/v1/captcha': () => ok({
      id: `puzzle-${++puzzles}`, background: 'data:image/png;base64,AAAA', piece: 'data:image/png;base64,BBBB', pieceY: 40, pieceSize: 50, width: 320,
    }),
    '/api/v1/captcha/verify': () => refused(400, 'CAPTCHA_FAILED', '拼图验证未通过，请重试'),
  });
  await renderPage(<BindPage />);
  type('请输入证件号码', ID_NUMBER);
  type('请输入登录密码', 'Teacher#2025');
  fireEvent.click(button());
  const knob = (await screen.findByText('→')).parentElement as HTMLElement;
  fireEvent.touchStart(knob, { touches: [{ clientX: 0 }] });
  fireEvent.touchMove(knob, { touches: [{ clientX: 30 }] });
  fireEvent.touchEnd(knob, { touches: [] });
  await screen.findByText('拼图验证未通过，请重试');
  await waitFor(() => expect(puzzles).toBe(2));
});

test('captcha: a puzzle that cannot be loaded says why and offers to try again', async () => {
  let puzzleCalls = 0;
  fakeServer({
    ...session(false),
    '/api/v1/wechat/bind': () => refused(400, 'CAPTCHA_REQUIRED', '请先向右拖动滑块完成拼图验证'),
    '/api/v1/captcha': () => (++puzzleCalls === 1
      ? refused(429, 'RATE_LIMITED', '操作过于频繁，请稍后再试')
      : ok({ id: 'p', background: 'data:image/png;base64,AAAA', piece: 'data:image/png;base64,BBBB', pieceY: 40, pieceSize: 50, width: 320 })),
  });
  await renderPage(<BindPage />);
  type('请输入证件号码', ID_NUMBER);
  type('请输入登录密码', 'Teacher#2025');
  fireEvent.click(button());
  await screen.findByText('操作过于频繁，请稍后再试');
  fireEvent.click(screen.getByText('重新加载'));
  await screen.findByText('向右拖动滑块填充拼图');
});
