/**
 * The page the reset mail's link opens (manual 2.2.2 a.: 忘记密码 — *新密码, *确认密码, 确认修改, 返回登录). The link's
 * token rides in the address fragment (`#token=…`); it is read once and taken out of the address bar.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { PageLink } from '../../components/PageLink';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { SubmitButton } from '../../components/SubmitButton';
import { useSubmission } from '../../hooks/useSubmission';
import { APP_PAGES } from '../../services/app-pages';
import { newPasswordProblem } from '../../services/form-rules';
import { completeResetWithLink, linkTokenFromFragment } from '../../services/recovery';
import '../../styles/recovery.css';

export const NO_TOKEN_MESSAGE = '重置链接不完整，请从邮件中打开完整的链接地址，或复制链接到谷歌浏览器或360浏览器极速模式中操作。';

/** The token of the link, read once when the page opens (the address is then cleaned). */
function takeLinkToken(): string | null {
  if (process.env.TARO_ENV !== 'h5') return null;
  const token = linkTokenFromFragment(window.location.hash);
  if (token) window.history.replaceState(window.history.state, '', window.location.pathname);
  return token;
}

export default function ResetPage() {
  const [token] = useState(takeLinkToken);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [done, setDone] = useState(false);

  const send = useCallback(() => completeResetWithLink(token ?? '', password), [token, password]);
  const onDone = useCallback(() => setDone(true), []);
  const submission = useSubmission(send, onDone);
  const problem = newPasswordProblem(password, confirmation);
  const toLogin = () => void Taro.redirectTo({ url: APP_PAGES.login });
  const toForgot = () => void Taro.redirectTo({ url: APP_PAGES.forgot });

  if (done) {
    return (
      <AppShell title='忘记密码'>
        <Notice kind='success' title='密码重置成功'>请使用新密码登录“中国教师资格网”。</Notice>
        <SubmitButton disabled={false} onClick={toLogin}>返回登录</SubmitButton>
      </AppShell>
    );
  }

  return (
    <AppShell title='忘记密码'>
      <View className='card'>
        <Text className='card__title'>忘记密码</Text>
        <Text className='card__text'>请设置新密码。链接地址24小时内有效，且只能使用一次。</Text>
        {!token && <Notice kind='error'>{NO_TOKEN_MESSAGE}</Notice>}
        <NewPasswordFields password={password} confirmation={confirmation} onPasswordChange={setPassword} onConfirmationChange={setConfirmation} />
        {submission.error && <Notice kind='error'>{submission.error.message}</Notice>}
        {submission.error?.code === 'OTP_INVALID' && <PageLink onClick={toForgot}>重新发送重置邮件</PageLink>}
        <SubmitButton disabled={!token || problem !== null || submission.busy} onClick={() => void submission.submit()}>
          {submission.busy ? '正在提交…' : '确认修改'}
        </SubmitButton>
        <PageLink onClick={toLogin}>返回登录</PageLink>
      </View>
    </AppShell>
  );
}
