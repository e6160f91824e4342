/** The password rule of manual 2.2.1, each part ticked off as the applicant types. */
import { Text, View } from '@tarojs/components';
import {
  checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULE_TEXT, type PasswordCheck,
} from '@shared/password-rule';
import './PasswordRule.css';

const PARTS: Array<[keyof Omit<PasswordCheck, 'onlyAllowed'>, string]> = [
  ['length', `${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH}位`],
  ['digit', '包含数字'],
  ['letter', '包含字母'],
  ['special', '包含特殊字符'],
];

/** The rule's state in words, not only by the marks' colour: what is still missing, or that all is met. */
function summaryOf(check: PasswordCheck, password: string): string {
  if (!password) return '尚未输入密码';
  const missing = PARTS.filter(([part]) => !check[part]).map(([, label]) => label);
  return missing.length ? `尚未满足：${missing.join('、')}` : '密码已满足全部要求';
}

export function PasswordRule({ password }: { password: string }) {
  const check = checkPassword(password);
  return (
    <View className='password-rule'>
      <Text className='password-rule__text'>{PASSWORD_RULE_TEXT}</Text>
      <View className='password-rule__parts'>
        {PARTS.map(([part, label]) => (
          <Text key={part} className={`password-rule__part${check[part] ? ' password-rule__part--met' : ''}`}>
            {check[part] ? '✓' : '○'} {label}
          </Text>
        ))}
      </View>
      <Text className='password-rule__summary'>{summaryOf(check, password)}</Text>
      {!check.onlyAllowed && (
        <Text className='password-rule__warning'>含有不允许的字符，请将输入法切换为英文模式</Text>
      )}
    </View>
  );
}
