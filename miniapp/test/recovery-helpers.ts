/** What the recovery and support page tests share: typing, the text captcha, a photo from the album, the sent form. */
import { act, fireEvent, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ok, type Handler, type Sent } from './fake-server';

export function type(placeholder: string, value: string): void {
  fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } });
}

export function press(name: string | RegExp): void {
  fireEvent.click(screen.getByRole('button', { name }));
}

/** Lets pending requests and state updates settle. */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn++) await Promise.resolve();
  });
}

export const CAPTCHA_TOKEN = 'captcha-token-1';

/** The captcha routes: a text question whose answer 7 gives CAPTCHA_TOKEN. */
export const captchaRoutes: Record<string, Handler> = {
  '/api/v1/captcha': (body) => ok(body.kind === 'text'
    ? { id: 'q1', kind: 'text', question: '三加四等于几？' }
    : { id: 'p1', kind: 'slider', background: '', piece: '', pieceY: 0, width: 300, pieceSize: 40 }),
  '/api/v1/captcha/verify': () => ok({ captchaToken: CAPTCHA_TOKEN }),
};

/** Answers the captcha the page shows with its text alternative. */
export async function solveCaptchaByText(): Promise<void> {
  press('改用文字验证');
  await screen.findByText(/三加四等于几/);
  type('请输入答案', '7');
  press('提交答案');
  await settle();
}

/** A small JPEG (its first bytes are what the app checks) chosen from the album in the mini-program. */
export function albumPhoto(bytes = 2048): void {
  const jpeg = new Uint8Array(bytes);
  jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
  (Taro.chooseMedia as unknown as jest.Mock).mockResolvedValue({ tempFiles: [{ tempFilePath: 'wxfile://photo.jpg', size: bytes }] });
  (Taro.getFileSystemManager as unknown as jest.Mock).mockReturnValue({ readFileSync: () => jpeg.buffer });
}

/** The text fields of a multipart form the page sent (as bytes, the way the mini-program sends it). */
export function formFieldsOf(sent: Sent): Record<string, string> {
  const text = new TextDecoder('latin1').decode(new Uint8Array(sent.body as unknown as ArrayBuffer));
  const utf8 = new TextDecoder().decode(new Uint8Array(sent.body as unknown as ArrayBuffer));
  const fields: Record<string, string> = {};
  for (const match of utf8.matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)) fields[match[1]!] = match[2]!;
  if (!text.includes('filename=')) throw new Error('no file in the form');
  return fields;
}
