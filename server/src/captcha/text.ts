/**
 * The text challenge, the slider's alternative for applicants who cannot see the puzzle or drag precisely
 * (issue 12, GB/T 37668-2019): a short arithmetic question written out in Chinese numerals, which a screen
 * reader reads aloud, answered with digits.
 */
import { randomInt } from 'node:crypto';
import { TEXT_CAPTCHA_MAX_OPERAND } from './rules';

export type TextChallenge = { question: string; answer: string };

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 0–99 as it is read: 七, 十二, 二十, 三十五. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) throw new RangeError(`no numeral for ${n}`);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

const operand = () => randomInt(1, TEXT_CAPTCHA_MAX_OPERAND + 1);

/** A few shapes of question, so the answer is not always in the same place of the same sentence. */
const FORMS: Array<() => TextChallenge> = [
  () => {
    const [a, b] = [operand(), operand()];
    return { question: `${chineseNumeral(a)}加${chineseNumeral(b)}等于多少？`, answer: String(a + b) };
  },
  () => {
    const [a, b] = [operand(), operand()].sort((x, y) => y - x) as [number, number];
    return { question: `${chineseNumeral(a)}减去${chineseNumeral(b)}等于多少？`, answer: String(a - b) };
  },
  () => {
    const [a, b] = [operand(), operand()];
    return { question: `${chineseNumeral(a)}和${chineseNumeral(b)}相加，结果是多少？`, answer: String(a + b) };
  },
];

export function makeTextChallenge(): TextChallenge {
  return FORMS[randomInt(0, FORMS.length)]!();
}

/** An answer as typed: full-width digits and surrounding spaces are forgiven; anything else must be digits. */
export function normalizeAnswer(typed: string): string {
  return typed.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}
