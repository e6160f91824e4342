/**
 * 密码设置要求为 8 位以上数字、字母和特殊字符组合（特殊字符请从“#、%、*、-、_、!、@、$、&”中选取）
 * — applicant manual 2.2.1, 3) 设置登录密码.
 */
export const PASSWORD_MIN_LENGTH = 8;
/** Not in the manual: an upper bound keeps hashing cost bounded and matches common practice. */
export const PASSWORD_MAX_LENGTH = 32;
export const PASSWORD_SPECIALS = '#%*-_!@$&';

export const PASSWORD_RULE_TEXT = `密码为${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH}位，须同时包含数字、字母和特殊字符（特殊字符请从“#、%、*、-、_、!、@、$、&”中选取）`;

export type PasswordCheck = {
  length: boolean;
  digit: boolean;
  letter: boolean;
  special: boolean;
  onlyAllowed: boolean;
};

const ALLOWED = /^[0-9A-Za-z#%*\-_!@$&]*$/;

/** Each part of the rule separately, so a form can tick them off as the applicant types. */
export function checkPassword(password: string): PasswordCheck {
  return {
    length: password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH,
    digit: /[0-9]/.test(password),
    letter: /[A-Za-z]/.test(password),
    special: /[#%*\-_!@$&]/.test(password),
    onlyAllowed: ALLOWED.test(password),
  };
}

export function passwordProblem(password: string): string | null {
  const c = checkPassword(password);
  if (!c.onlyAllowed) return '密码只能包含数字、字母和特殊字符#、%、*、-、_、!、@、$、&（请将输入法切换为英文模式）';
  if (!c.length) return `密码长度应为${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH}位`;
  if (!c.digit || !c.letter || !c.special) return '密码须同时包含数字、字母和特殊字符';
  return null;
}
