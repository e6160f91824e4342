/** 修改手机号码: the new number, the security check, the SMS code sent to it (60 s before another), 提交. */
import { Text, View } from '@tarojs/components';
import { phoneProblem } from '@shared/contacts';
import { MESSAGES } from '@shared/reference-data';
import { useState } from 'react';
import { CaptchaStep } from '../../components/Captcha';
import { Notice } from '../../components/Notice';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { CAPTCHA_NEEDED_MESSAGE, useCaptchaToken } from '../../hooks/useCaptchaToken';
import { useCountdown } from '../../hooks/useCountdown';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { changePhone, CURRENT_PASSWORD_NEEDED, sendCode } from '../../services/account';
import { asApiError } from '../../services/http';
import type { Me } from '../../services/session';

export const PHONE_CHANGED = '手机号码修改成功';
const RESEND_SECONDS = 60;

type Problems = { phone?: string; code?: string; password?: string; captcha?: string };

export function PhoneForm({ me, onSaved }: { me: Me; onSaved: () => void }) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const { problems, setProblems, clear, onEdit } = useFieldProblems<keyof Problems>();
  const [codeNotice, setCodeNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const captcha = useCaptchaToken();
  const { secondsLeft, start } = useCountdown();

  const onSend = async () => {
    const issue = phone.trim() ? phoneProblem(phone.trim()) : '请填写新手机号码';
    const token = captcha.token;
    setProblems((p) => ({ ...p, phone: issue ?? undefined, captcha: token ? undefined : CAPTCHA_NEEDED_MESSAGE }));
    if (issue || !token || secondsLeft > 0) return;
    captcha.spend();
    try {
      const sent = await sendCode('change-phone', 'sms', phone.trim(), token);
      setCodeNotice({ kind: 'success', text: sent.message ?? MESSAGES.smsSent });
      start(RESEND_SECONDS);
    } catch (thrown) {
      setCodeNotice({ kind: 'error', text: asApiError(thrown).message });
    }
  };

  const onSubmit = async () => {
    const found: Problems = {};
    const issue = phone.trim() ? phoneProblem(phone.trim()) : '请填写新手机号码';
    if (issue) found.phone = issue;
    if (!/^\d{6}$/.test(code.trim())) found.code = code.trim() ? '验证码为6位数字' : '请填写验证码';
    if (!password) found.password = CURRENT_PASSWORD_NEEDED;
    setProblems(found);
    setNotice(null);
    if (found.phone || found.code || found.password || busy) return;
    setBusy(true);
    try {
      await changePhone(phone.trim(), code.trim(), password);
      setNotice({ kind: 'success', text: PHONE_CHANGED });
      setPhone('');
      setCode('');
      setPassword('');
      onSaved();
    } catch (thrown) {
      const apiError = asApiError(thrown);
      const fields = apiError.details?.fields ?? {};
      setProblems(apiError.code === 'OTP_INVALID' ? { code: apiError.message } : { password: fields.password });
      setNotice({ kind: 'error', text: apiError.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <Text className='card__text'>{`当前手机号码：${me.phone ?? '未填写'}。验证码将发送到新手机号码，有效期为5分钟。`}</Text>
      <TextField label='新手机号码' kind='tel' maxlength={11} placeholder='请输入11位手机号码' autoComplete='tel' value={phone} problem={problems.phone} onChange={onEdit('phone', setPhone)} />
      <CaptchaStep token={captcha.token} captchaKey={captcha.key} problem={problems.captcha} onSolved={(token) => { captcha.solved(token); clear('captcha'); }} />
      <SubmitButton plain disabled={secondsLeft > 0} onClick={() => void onSend()}>
        {secondsLeft > 0 ? `${secondsLeft}秒后可重新获取` : '通过短信免费获取验证码'}
      </SubmitButton>
      {codeNotice && <Notice kind={codeNotice.kind}>{codeNotice.text}</Notice>}
      <TextField label='验证码' kind='number' maxlength={6} placeholder='请输入6位验证码' autoComplete='one-time-code' value={code} problem={problems.code} onChange={onEdit('code', setCode)} />
      <TextField label='当前登录密码' kind='password' maxlength={200} placeholder='请输入当前登录密码' hint='修改绑定的手机号码需再次输入密码' value={password} problem={problems.password} onChange={onEdit('password', setPassword)} />
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <SubmitButton disabled={busy} onClick={() => void onSubmit()}>{busy ? '正在提交…' : '修改手机号码'}</SubmitButton>
    </View>
  );
}
