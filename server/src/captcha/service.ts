/** Issues slider puzzles, checks drops, and hands out the one-use tokens that guarded routes consume. */
import { randomBytes } from 'node:crypto';
import { MESSAGES } from '../../../shared/src/reference-data';
import { AppError } from '../http/errors';
import { hit, type Redis } from '../stores/redis';
import { drawPuzzle } from './puzzle';
import {
  CAPTCHA_PER_ADDRESS_PER_MINUTE, CAPTCHA_PIECE_SIZE, CAPTCHA_TOKEN_TTL_SECONDS, CAPTCHA_TOLERANCE_PX, CAPTCHA_TTL_SECONDS,
  CAPTCHA_WIDTH,
} from './rules';

const answerKey = (id: string) => `captcha:${id}`;
const tokenKey = (token: string) => `captcha-token:${token}`;

export type CaptchaService = ReturnType<typeof createCaptchaService>;

/** A drag track, if sent, must move rightwards to about where the piece was dropped, not jump there. */
function plausibleTrack(track: Array<[number, number]> | undefined, x: number): boolean {
  if (!track) return true;
  if (track.length < 2) return false;
  const last = track[track.length - 1]!;
  const first = track[0]!;
  return Math.abs(last[0] - x) <= CAPTCHA_TOLERANCE_PX && last[1] > first[1];
}

export function createCaptchaService(redis: Redis) {
  return {
    async create(clientAddress: string) {
      if ((await hit(redis, `captcha-rate:${clientAddress}`, 60)) > CAPTCHA_PER_ADDRESS_PER_MINUTE) {
        throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
      }
      const puzzle = await drawPuzzle();
      const id = randomBytes(16).toString('base64url');
      await redis.set(answerKey(id), String(puzzle.x), 'EX', CAPTCHA_TTL_SECONDS);
      return {
        id,
        background: `data:image/png;base64,${puzzle.background.toString('base64')}`,
        piece: `data:image/png;base64,${puzzle.piece.toString('base64')}`,
        pieceY: puzzle.y,
        pieceSize: CAPTCHA_PIECE_SIZE,
        width: CAPTCHA_WIDTH,
        expiresIn: CAPTCHA_TTL_SECONDS,
      };
    },

    /** One drop per puzzle: the answer is taken out before it is compared, so a wrong x burns it. */
    async verify(id: string, x: number, track?: Array<[number, number]>) {
      const answer = await redis.getdel(answerKey(id));
      if (answer === null || Math.abs(Number(answer) - x) > CAPTCHA_TOLERANCE_PX || !plausibleTrack(track, x)) {
        throw new AppError('CAPTCHA_FAILED', MESSAGES.captchaFailed);
      }
      const captchaToken = randomBytes(24).toString('base64url');
      await redis.set(tokenKey(captchaToken), '1', 'EX', CAPTCHA_TOKEN_TTL_SECONDS);
      return { captchaToken, expiresIn: CAPTCHA_TOKEN_TTL_SECONDS };
    },

    /**
     * The Redis key of a token, for a script that spends it together with its own work (codes.issue); a missing
     * token is CAPTCHA_REQUIRED at once, and the script answers CAPTCHA_REQUIRED for an unknown, used or expired one.
     */
    tokenKey(captchaToken: string | undefined): string {
      if (!captchaToken) throw new AppError('CAPTCHA_REQUIRED', MESSAGES.captchaRequired);
      return tokenKey(captchaToken);
    },

    /** Spends a token; a missing, unknown, used or expired token is CAPTCHA_REQUIRED. */
    async consume(captchaToken: string | undefined): Promise<void> {
      if (!captchaToken || (await redis.getdel(tokenKey(captchaToken))) === null) {
        throw new AppError('CAPTCHA_REQUIRED', MESSAGES.captchaRequired);
      }
    },

    /** Development only: the answer of a puzzle, without spending it. */
    async answer(id: string): Promise<number | null> {
      const answer = await redis.get(answerKey(id));
      return answer === null ? null : Number(answer);
    },
  };
}
