/** The slider puzzle (向右拖动滑块填充拼图): POST /api/v1/captcha and /api/v1/captcha/verify. */
import { postJson } from './http';

export type Puzzle = {
  id: string;
  /** PNG data URL of the picture with the hole. */
  background: string;
  /** PNG data URL of the piece that fills the hole. */
  piece: string;
  /** Top of the piece in picture pixels. */
  pieceY: number;
  /** Width of the picture in pixels; the answer x is counted in the same pixels. */
  width: number;
  /** Side of the (square) piece in picture pixels. */
  pieceSize: number;
};

/** [x in picture pixels, milliseconds since the drag began]: lets the server tell a drag from a jump. */
export type DragPoint = [number, number];

export function newPuzzle(): Promise<Puzzle> {
  return postJson<Puzzle>('/api/v1/captcha', { kind: 'slider' });
}

export async function solvePuzzle(id: string, x: number, track: DragPoint[]): Promise<string> {
  const { captchaToken } = await postJson<{ captchaToken: string }>('/api/v1/captcha/verify', { id, x, track });
  return captchaToken;
}

/** 文字验证: a short question a screen reader can read, for applicants who cannot drag the slider. */
export type TextChallenge = { id: string; kind: 'text'; question: string };

export function newTextChallenge(): Promise<TextChallenge> {
  return postJson<TextChallenge>('/api/v1/captcha', { kind: 'text' });
}

/** The same one-use captchaToken as the slider gives; a wrong answer burns the challenge (CAPTCHA_FAILED). */
export async function solveTextChallenge(id: string, answer: string): Promise<string> {
  const { captchaToken } = await postJson<{ captchaToken: string }>('/api/v1/captcha/verify', { id, answer });
  return captchaToken;
}
