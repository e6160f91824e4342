/**
 * 通过微信重置密码 (manual 2.2.2 c, 当登录帐号已关联了微信服务号后可使用): new password twice, checked
 * against the rule as it is typed.
 */
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { Done } from '../../components/Done';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { Captcha } from '../../components/Captcha';
import { SubmitButton } from '../../components/SubmitButton';
import { useSubmission } from '../../hooks/useSubmission';
import { useWechatBinding } from '../../hooks/useWechatBinding';
import { newPasswordProblem } from '../../services/form-rules';
import { resetPassword } from '../../services/wechat';

export default function PasswordPage() {
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [done, setDone] = useState(false);
  const binding = useWechatBinding({ needsWechat: true });

  const send = useCallback((captchaToken?: string) => resetPassword(password, captchaToken), [password]);
  const onReset = useCallback(() => setDone(true), []);
  const submission = useSubmission(send, onReset);

  const problem = newPasswordProblem(password, confirmation);

  if (done) {
    return (
      <Done title='重置成功'>
        密码已重置，请使用新密码登录“中国教师资格网”。服务号对话中也会收到重置成功的消息。
      </Done>
    );
  }

  return (
    <AppShell title='重置密码'>
      <View className='card'>
        <Text className='card__title'>通过微信重置密码</Text>
        <Text className='card__text'>（当登录帐号已关联了微信服务号后可使用）输入新密码并再次确认密码后，点击“重置密码”。</Text>
      </View>
      {binding.error && <Notice kind='error'>{binding.error}</Notice>}
      {binding.bound === false && (
        <Notice kind='info' title='本微信尚未绑定账号'>
          请先在“绑定账号”中绑定中国教师资格网账号，或在网站上通过邮箱或短信重置密码。
        </Notice>
      )}
      <View className='card'>
        <NewPasswordFields password={password} confirmation={confirmation} onPasswordChange={setPassword} onConfirmationChange={setConfirmation} />
        {submission.captchaNeeded && <Captcha onSolved={(token) => void submission.submit(token)} />}
        {submission.error && <Notice kind='error'>{submission.error.message}</Notice>}
        <SubmitButton disabled={problem !== null || submission.busy} onClick={() => void submission.submit()}>
          {submission.busy ? '正在提交…' : '重置密码'}
        </SubmitButton>
      </View>
    </AppShell>
  );
}
