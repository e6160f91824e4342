/**
 * 取验证码 (FAQ 微信扫码获取验证码): 输入账号注册对应的证件号码，再点击“获取验证码”; the code arrives in
 * the service-account conversation.
 */
import { Text, View } from '@tarojs/components';
import { MESSAGES } from '@shared/reference-data';
import { useCallback, useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { Captcha } from '../../components/Captcha';
import { SubmitButton } from '../../components/SubmitButton';
import { useCountdown } from '../../hooks/useCountdown';
import { useSubmission } from '../../hooks/useSubmission';
import { useWechatBinding } from '../../hooks/useWechatBinding';
import { anyIdNumberProblem } from '../../services/form-rules';
import { requestWechatCode } from '../../services/wechat';

/** 验证码为 6 位数字，有效期为 5 分钟 (manual 2.2.1, 6)), used when the server does not say. */
const DEFAULT_CODE_TTL_SECONDS = 300;
/** Not from the manual: a pause before another code, so a double tap does not send two. */
export const RESEND_AFTER_SECONDS = 60;

export default function OtpPage() {
  const [idNumber, setIdNumber] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [validMinutes, setValidMinutes] = useState<number | null>(null);
  const { secondsLeft, start: startCountdown } = useCountdown();
  const binding = useWechatBinding({ needsWechat: true });

  const send = useCallback((captchaToken?: string) => requestWechatCode(idNumber.trim(), captchaToken), [idNumber]);
  const onSent = useCallback((result: { expiresIn?: number }) => {
    setValidMinutes(Math.round((result.expiresIn ?? DEFAULT_CODE_TTL_SECONDS) / 60));
    startCountdown(RESEND_AFTER_SECONDS);
  }, [startCountdown]);
  const submission = useSubmission(send, onSent);

  const onSubmit = () => {
    const found = anyIdNumberProblem(idNumber);
    setProblem(found);
    if (found) return;
    setValidMinutes(null);
    void submission.submit();
  };

  const waiting = secondsLeft > 0;
  let label = '获取验证码';
  if (submission.busy) label = '正在发送…';
  else if (waiting) label = `${secondsLeft}秒后可重新获取`;

  return (
    <AppShell title='取验证码'>
      <View className='card'>
        <Text className='card__title'>取验证码</Text>
        <Text className='card__text'>请输入账号注册对应的证件号码，再点击“获取验证码”。验证码将发送到服务号对话中，为6位数字，有效期为5分钟。</Text>
      </View>
      {binding.error && <Notice kind='error'>{binding.error}</Notice>}
      <View className='card'>
        <TextField
          label='证件号码'
          kind='idcard'
          maxlength={18}
          placeholder='请输入证件号码'
          value={idNumber}
          problem={problem}
          onChange={(value) => {
            setIdNumber(value);
            setProblem(null);
          }}
        />
        {submission.captchaNeeded && <Captcha onSolved={(token) => void submission.submit(token)} />}
        {submission.error && <Notice kind='error'>{submission.error.message}</Notice>}
        {validMinutes !== null && (
          <Notice kind='success' title={MESSAGES.wechatCodeSent}>
            {`请返回服务号对话页面查收验证码，验证码${validMinutes}分钟内有效。`}
          </Notice>
        )}
        <SubmitButton disabled={submission.busy || waiting} onClick={onSubmit}>{label}</SubmitButton>
      </View>
    </AppShell>
  );
}
