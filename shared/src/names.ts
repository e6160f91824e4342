/**
 * 姓名填写内容必须与身份证件完全一致 (manual 2.2.1) — 如您的姓名中包含间隔符，请复制冒号后的点号；
 * 姓名中不可包含其他特殊符号 (manual 2.3.2). Names are Han characters, including rare ones outside the
 * Basic Multilingual Plane, joined by the middle dot; look-alike dots typed by input methods are folded
 * into the one the public-security records use (U+00B7).
 */
export const NAME_MIDDLE_DOT = '\u00B7';

/** Dots that input methods produce in place of U+00B7. */
const MIDDLE_DOT_LOOKALIKES = /[\u0387\u2022\u2027\u2219\u22C5\u30FB\uFF0E\uFF65\u16EB\u2E31\u00B7\u10FB\u318D\uA78F]/gu;

export const NAME_MAX_LENGTH = 50;

const NAME_PATTERN = /^\p{Script=Han}+(\u00B7\p{Script=Han}+)*$/u;

export function normalizeName(raw: string): string {
  return raw.normalize('NFC').trim().replace(MIDDLE_DOT_LOOKALIKES, NAME_MIDDLE_DOT);
}

/** Null when the (normalised) name is acceptable. Counts code points, so a rare character counts once. */
export function nameProblem(name: string): string | null {
  const length = [...name].length;
  if (length < 2 || length > NAME_MAX_LENGTH) return `姓名长度应为2-${NAME_MAX_LENGTH}个字`;
  if (!NAME_PATTERN.test(name)) return '姓名只能包含汉字和间隔符“·”，不可包含其他符号、空格或字母';
  return null;
}
