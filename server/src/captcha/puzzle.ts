/**
 * Draws a slider puzzle with sharp: a random background of shapes, the same background with a darkened
 * puzzle-shaped hole at (x, y), and the piece cut out along the same outline.
 */
import { randomInt } from 'node:crypto';
import sharp from 'sharp';
import { CAPTCHA_HEIGHT, CAPTCHA_PIECE_SIZE, CAPTCHA_WIDTH } from './rules';

export type Puzzle = { background: Buffer; piece: Buffer; x: number; y: number };

const S = CAPTCHA_PIECE_SIZE;
/** A square with a round tab on top and on the right, inside an S×S box. */
const PIECE_PATH = `M 4 12 H ${S / 2 - 7} A 7 7 0 1 1 ${S / 2 + 7} 12 H ${S - 12} V ${S / 2 - 7} A 7 7 0 1 1 ${S - 12} ${S / 2 + 7} V ${S - 4} H 4 Z`;

function randomColour(): string {
  return `rgb(${randomInt(40, 220)},${randomInt(40, 220)},${randomInt(40, 220)})`;
}

function backgroundSvg(): string {
  const shapes: string[] = [];
  for (let i = 0; i < 14; i++) {
    const cx = randomInt(0, CAPTCHA_WIDTH);
    const cy = randomInt(0, CAPTCHA_HEIGHT);
    const size = randomInt(15, 60);
    shapes.push(i % 2 === 0
      ? `<circle cx="${cx}" cy="${cy}" r="${size}" fill="${randomColour()}" fill-opacity="0.7"/>`
      : `<rect x="${cx}" y="${cy}" width="${size * 1.5}" height="${size}" fill="${randomColour()}" fill-opacity="0.6" transform="rotate(${randomInt(0, 90)} ${cx} ${cy})"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CAPTCHA_WIDTH}" height="${CAPTCHA_HEIGHT}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${randomColour()}"/><stop offset="1" stop-color="${randomColour()}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes.join('')}</svg>`;
}

const pieceMask = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}"><path d="${PIECE_PATH}" fill="#fff"/></svg>`);
const holeOverlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}"><path d="${PIECE_PATH}" fill="#000" fill-opacity="0.55" stroke="#fff" stroke-width="1.5"/></svg>`);
const pieceOutline = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}"><path d="${PIECE_PATH}" fill="none" stroke="#fff" stroke-width="2"/></svg>`);

export async function drawPuzzle(): Promise<Puzzle> {
  const x = randomInt(S + 20, CAPTCHA_WIDTH - S - 5);
  const y = randomInt(5, CAPTCHA_HEIGHT - S - 5);
  const base = await sharp(Buffer.from(backgroundSvg())).png().toBuffer();
  const [background, piece] = await Promise.all([
    sharp(base).composite([{ input: holeOverlay, left: x, top: y }]).png().toBuffer(),
    sharp(base).extract({ left: x, top: y, width: S, height: S })
      .composite([{ input: pieceMask, blend: 'dest-in' }, { input: pieceOutline }]).png().toBuffer(),
  ]);
  return { background, piece, x, y };
}
