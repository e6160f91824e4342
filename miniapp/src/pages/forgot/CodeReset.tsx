/**
 * b. 短信验证重置密码 (免费获取验证码 to the bound phone), and the code half of c. 微信验证重置密码 (the code the
 * service account's 取验证码 sends into the WeChat conversation): 验证码, 新密码 and 确认密码, then 确认.
 */
import { Text, View } from '@tarojs/components';
import { MESSAGES } from '@shared/reference-data';
import { useCallback, useState } from 'react';
import { Notice } from '../../components/Notice';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useCountdown } from '../../hooks/useCountdown';
import { useSubmission } from '../../hooks/useSubmission';
import { newPasswordProblem } from '../../services/form-rules';
import { completeResetWithCode, sendResetSms } from '../../services/recovery';

/** 验证码为 6 位数字 (manual 2.2.1, 6)). */
const CODE_PATTERN = /^\d{6}$/;
export const CODE_FORMAT_MESSAGE = '请输入6位数字验证码';
/** Not from the manual: a pause before another code, so a double tap does not send two. */
export const RESEND_AFTER_SECONDS = 60;

type Props = { resetId: string; channel: 'sms' | 'wechat'; maskedPhone: string | null; onReset: () => void };

export function CodeReset({ resetId, channel, maskedPhone, onReset }: Props) {
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [codeProblem, setCodeProblem] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const { secondsLeft, start: startCountdown } = useCountdown();

  const sendCode = useCallback(() => sendResetSms(resetId), [resetId]);
  const onSent = useCallback(() => {
    setSent(true);
    startCountdown(RESEND_AFTER_SECONDS);
  }, [startCountdown]);
  const sending = useSubmission(sendCode, onSent);

  const complete = useCallback(
    () => completeResetWithCode(resetId, code.trim(), password, channel),
    [resetId, code, password, channel],
  );
  const completing = useSubmission(complete, onReset);

  const passwordProblem = newPasswordProblem(password, confirmation);
  const onConfirm = () => {
    const problem = CODE_PATTERN.test(code.trim()) ? null : CODE_FORMAT_MESSAGE;
    setCodeProblem(problem);
    if (!problem && !passwordProblem) void completing.submit();
  };

  let sendLabel = '免费获取验证码';
  if (sending.busy) sendLabel = '正在发送…';
  else if (secondsLeft > 0) sendLabel = `${secondsLeft}秒后可重新获取`;

  return (
    <View>
      {channel === 'sms' ? (
        <View className='field'>
          <Text className='field__label'>*您注册的手机号码</Text>
          <Text className='field__value'>{maskedPhone}</Text>
        </View>
      ) : (
        <Text className='card__text'>在“中国教师资格服务号”对话页面点击“取验证码”，输入账号注册对应的证件号码获取验证码，再在此填写。</Text>
      )}
      <TextField
        label='验证码'
        maxlength={6}
        placeholder='请输入6位数字验证码'
        value={code}
        problem={codeProblem}
        onChange={(value) => {
          setCode(value);
          setCodeProblem(null);
        }}
      />
      {channel === 'sms' && (
        <View>
          <SubmitButton disabled={sending.busy || secondsLeft > 0} onClick={() => void sending.submit()}>{sendLabel}</SubmitButton>
          {sending.error && <Notice kind='error'>{sending.error.message}</Notice>}
          {sent && !sending.error && <Notice kind='success'>{`${MESSAGES.smsSent}（验证码为6位数字，有效期为5分钟）`}</Notice>}
        </View>
      )}
      <NewPasswordFields password={password} confirmation={confirmation} onPasswordChange={setPassword} onConfirmationChange={setConfirmation} />
      {completing.error && <Notice kind='error'>{completing.error.message}</Notice>}
      <SubmitButton disabled={completing.busy || passwordProblem !== null} onClick={onConfirm}>
        {completing.busy ? '正在提交…' : '确认'}
      </SubmitButton>
    </View>
  );
}
