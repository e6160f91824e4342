/** 图形验证码: 向右拖动滑块填充拼图 (manual 2.2.1 and 2.3). */

/** API.md: answer expires in 2 min; the token is one use, 2 min. */
export const CAPTCHA_TTL_SECONDS = 120;
export const CAPTCHA_TOKEN_TTL_SECONDS = 120;
/** How far (in pixels) a drop may land from the cut-out and still count. */
export const CAPTCHA_TOLERANCE_PX = 5;

export const CAPTCHA_WIDTH = 320;
export const CAPTCHA_HEIGHT = 160;
export const CAPTCHA_PIECE_SIZE = 50;
/** Puzzles issued per client address per minute, so the image work cannot be used to load the server. */
export const CAPTCHA_PER_ADDRESS_PER_MINUTE = 30;

/**
 * The text challenge (issue 12: an alternative that needs neither sight nor fine motor control) has the same
 * expiry, token and limits as the puzzle; its operands stay small enough to be read aloud and added in one's head.
 */
export const TEXT_CAPTCHA_MAX_OPERAND = 20;
