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
      {!check.onlyAllowed && (
        <Text className='password-rule__warning'>含有不允许的字符，请将输入法切换为英文模式</Text>
      )}
    </View>
  );
}
