/**
 * Issues captcha challenges — the slider puzzle or its text alternative — checks answers, and hands out the
 * one-use tokens that guarded routes consume. Both kinds share one rate limit, one expiry and one kind of token:
 * the guarded routes cannot tell which was solved.
 */
import { randomBytes } from 'node:crypto';
import { MESSAGES } from '../../../shared/src/reference-data';
import { AppError } from '../http/errors';
import { hit, type Redis } from '../stores/redis';
import { drawPuzzle } from './puzzle';
import {
  CAPTCHA_PER_ADDRESS_PER_MINUTE, CAPTCHA_PIECE_SIZE, CAPTCHA_TOKEN_TTL_SECONDS, CAPTCHA_TOLERANCE_PX, CAPTCHA_TTL_SECONDS,
  CAPTCHA_WIDTH,
} from './rules';
import { makeTextChallenge, normalizeAnswer } from './text';
import { CODES_HASH_TAG } from '../codes/scripts';

const answerKey = (id: string) => `captcha:${id}`;
/** A solved captcha's token; in the codes' hash tag because the code issue script spends it (codes/scripts.ts). */
export const captchaTokenKey = (token: string) => `${CODES_HASH_TAG}:captcha-token:${token}`;

export type CaptchaKind = 'slider' | 'text';
/** What the client sends back: the drop and its drag track, or the typed answer. */
export type CaptchaSolution = { x: number; track: Array<[number, number]> } | { answer: string };

/** Stored answers are `<kind>:<answer>`, so a slider drop cannot answer a text question or the other way round. */
const stored = (kind: CaptchaKind, answer: string) => `${kind}:${answer}`;

export type CaptchaService = ReturnType<typeof createCaptchaService>;

/** The drag must move rightwards over time and end about where the piece was dropped, not jump there. */
function plausibleTrack(track: Array<[number, number]>, x: number): boolean {
  if (track.length < 2) return false;
  const last = track[track.length - 1]!;
  const first = track[0]!;
  return Math.abs(last[0] - x) <= CAPTCHA_TOLERANCE_PX && last[1] > first[1];
}

function solves(answer: string | null, solution: CaptchaSolution): boolean {
  if (answer === null) return false;
  const separator = answer.indexOf(':');
  const kind = answer.slice(0, separator);
  const expected = answer.slice(separator + 1);
  if ('answer' in solution) return kind === 'text' && normalizeAnswer(solution.answer) === expected;
  return kind === 'slider'
    && Math.abs(Number(expected) - solution.x) <= CAPTCHA_TOLERANCE_PX
    && plausibleTrack(solution.track, solution.x);
}

export function createCaptchaService(redis: Redis) {
  async function limit(clientAddress: string) {
    if ((await hit(redis, `captcha-rate:${clientAddress}`, 60)) > CAPTCHA_PER_ADDRESS_PER_MINUTE) {
      throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
    }
  }

  /**
   * Checks an answer on a form that is its own guard (the staff login): one answer per challenge, taken out
   * before it is compared, so a wrong answer burns it.
   */
  async function check(id: string, solution: CaptchaSolution): Promise<void> {
    if (!solves(await redis.getDel(answerKey(id)), solution)) {
      throw new AppError('CAPTCHA_FAILED', 'answer' in solution ? '答案不正确，请重新获取题目后再试' : MESSAGES.captchaFailed);
    }
  }

  return {
    async create(clientAddress: string, kind: CaptchaKind = 'slider') {
      await limit(clientAddress);
      const id = randomBytes(16).toString('base64url');
      if (kind === 'text') {
        const challenge = makeTextChallenge();
        await redis.set(answerKey(id), stored('text', challenge.answer), { expiration: { type: 'EX', value: CAPTCHA_TTL_SECONDS } });
        return { id, kind, question: challenge.question, expiresIn: CAPTCHA_TTL_SECONDS };
      }
      const puzzle = await drawPuzzle();
      await redis.set(answerKey(id), stored('slider', String(puzzle.x)), { expiration: { type: 'EX', value: CAPTCHA_TTL_SECONDS } });
      return {
        id,
        kind,
        background: `data:image/png;base64,${puzzle.background.toString('base64')}`,
        piece: `data:image/png;base64,${puzzle.piece.toString('base64')}`,
        pieceY: puzzle.y,
        pieceSize: CAPTCHA_PIECE_SIZE,
        width: CAPTCHA_WIDTH,
        expiresIn: CAPTCHA_TTL_SECONDS,
      };
    },

    check,

    /** Checks an answer (as `check`) and hands out the one-use token that the guarded API routes consume. */
    async verify(id: string, solution: CaptchaSolution) {
      await check(id, solution);
      const captchaToken = randomBytes(24).toString('base64url');
      await redis.set(captchaTokenKey(captchaToken), '1', { expiration: { type: 'EX', value: CAPTCHA_TOKEN_TTL_SECONDS } });
      return { captchaToken, expiresIn: CAPTCHA_TOKEN_TTL_SECONDS };
    },

    /**
     * The Redis key of a token, for a script that spends it together with its own work (codes.issue); a missing
     * token is CAPTCHA_REQUIRED at once, and the script answers CAPTCHA_REQUIRED for an unknown, used or expired one.
     */
    tokenKey(captchaToken: string | undefined): string {
      if (!captchaToken) throw new AppError('CAPTCHA_REQUIRED', MESSAGES.captchaRequired);
      return captchaTokenKey(captchaToken);
    },

    /** Spends a token; a missing, unknown, used or expired token is CAPTCHA_REQUIRED. */
    async consume(captchaToken: string | undefined): Promise<void> {
      if (!captchaToken || (await redis.getDel(captchaTokenKey(captchaToken))) === null) {
        throw new AppError('CAPTCHA_REQUIRED', MESSAGES.captchaRequired);
      }
    },

    /** Development only: the answer of a challenge, without spending it: `{ x }` or `{ answer }`. */
    async answer(id: string): Promise<{ x: number } | { answer: string } | null> {
      const value = await redis.get(answerKey(id));
      if (value === null) return null;
      const [kind, answer = ''] = value.split(':');
      return kind === 'text' ? { answer } : { x: Number(answer) };
    },
  };
}
