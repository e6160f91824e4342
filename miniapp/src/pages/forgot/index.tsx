/**
 * 忘记密码 (manual 2.2.2): 输入账号, then 安全验证 — 重置方式 邮箱重置密码, 短信验证重置密码 or 微信验证重置密码, the ways
 * this account has, with its masked contacts — and, when neither contact can be used any more, 修改邮箱地址 /
 * 修改手机号码 (a contact-change request that staff decide).
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { ChoiceField } from '../../components/ChoiceField';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { PageLink } from '../../components/PageLink';
import { SubmitButton } from '../../components/SubmitButton';
import { useSubmission } from '../../hooks/useSubmission';
import { APP_PAGES } from '../../services/app-pages';
import { sendResetMail, type ContactKind, type ResetChannels, type Submitted } from '../../services/recovery';
import { webOauthAddress } from '../../services/wechat';
import { CodeReset } from './CodeReset';
import { ContactChange } from './ContactChange';
import { IdentifyStep } from './IdentifyStep';
import '../../styles/recovery.css';

type Channel = 'email' | 'sms' | 'wechat';

const CHANNEL_LABELS: Record<Channel, string> = {
  email: '邮箱重置密码',
  sms: '短信验证重置密码',
  wechat: '微信验证重置密码',
};

/** 链接地址 24 小时内有效。如无法正常操作，请复制链接到谷歌浏览器或 360 浏览器极速模式中操作 (manual 2.2.2 a.). */
export const MAIL_SENT_TEXT = '您的注册邮箱将收到一封密码重置邮件，请点击邮件中的链接地址进行密码重置。链接地址24小时内有效。如无法正常操作，请复制链接到谷歌浏览器或360浏览器极速模式中操作。';

function firstChannel(channels: ResetChannels): Channel | null {
  if (channels.email) return 'email';
  if (channels.phone) return 'sms';
  return channels.wechat ? 'wechat' : null;
}

function MailReset({ resetId, maskedEmail, onChangeContact }: { resetId: string; maskedEmail: string; onChangeContact: () => void }) {
  const [sent, setSent] = useState(false);
  const send = useCallback(() => sendResetMail(resetId), [resetId]);
  const onSent = useCallback(() => setSent(true), []);
  const submission = useSubmission(send, onSent);
  return (
    <View>
      <View className='field'>
        <Text className='field__label'>*您注册的邮箱地址</Text>
        <Text className='field__value'>{maskedEmail}</Text>
      </View>
      <PageLink onClick={onChangeContact}>修改邮箱地址</PageLink>
      {submission.error && <Notice kind='error'>{submission.error.message}</Notice>}
      {sent && <Notice kind='success' title={`重置邮件已发送至 ${maskedEmail}`}>{MAIL_SENT_TEXT}</Notice>}
      <SubmitButton disabled={submission.busy} onClick={() => void submission.submit()}>
        {submission.busy ? '正在发送…' : sent ? '重新发送' : '确认'}
      </SubmitButton>
    </View>
  );
}

function WechatReset({ resetId, onReset }: { resetId: string; onReset: () => void }) {
  const openInWechat = () => {
    if (process.env.TARO_ENV === 'h5') window.location.assign(webOauthAddress(APP_PAGES.wechatPassword));
    else void Taro.navigateTo({ url: APP_PAGES.wechatPassword });
  };
  return (
    <View>
      <Text className='card__text'>需通过账号绑定的微信来更新密码，使用此方法需保证该微信可正常使用。请使用绑定的微信关注“中国教师资格服务号”，在对话页面点击“重置密码”，输入新密码并再次确认密码后，点击“重置密码”，提示“重置成功”后即可使用新密码登录。</Text>
      <SubmitButton disabled={false} onClick={openInWechat}>在微信中打开“重置密码”</SubmitButton>
      <Text className='card__title card__title--sub'>或使用服务号发送的验证码</Text>
      <CodeReset resetId={resetId} channel='wechat' maskedPhone={null} onReset={onReset} />
    </View>
  );
}

export default function ForgotPasswordPage() {
  const [channels, setChannels] = useState<ResetChannels | null>(null);
  const [channel, setChannel] = useState<Channel | null>(null);
  const [changing, setChanging] = useState<ContactKind | null>(null);
  const [done, setDone] = useState(false);

  const onIdentified = useCallback((_identity: unknown, found: ResetChannels) => {
    setChannels(found);
    setChannel(firstChannel(found));
  }, []);
  const onReset = useCallback(() => setDone(true), []);
  const onSubmitted = useCallback((submitted: Submitted) => {
    void Taro.redirectTo({ url: `${APP_PAGES.contactChange}?id=${encodeURIComponent(submitted.id)}&submitted=1` });
  }, []);

  if (done) {
    return (
      <AppShell title='忘记密码'>
        <Notice kind='success' title='密码重置成功'>密码已重置，请使用新密码登录“中国教师资格网”。</Notice>
        <SubmitButton onClick={() => void Taro.redirectTo({ url: APP_PAGES.login })}>返回登录</SubmitButton>
      </AppShell>
    );
  }

  if (!channels) {
    return (
      <AppShell title='忘记密码'>
        <View className='card'>
          <Text className='card__title'>忘记密码</Text>
          <Text className='card__text'>解决密码遗忘途径如下：1. 2019年3月1日之前注册的账号，不能进行密码重置，需要重新注册账号。2. 选择证件类型，输入与之对应的证件号码及姓名，点击“下一步”，可以选择邮件重置密码、短信验证重置密码，忘记密码前做过微信服务号关联的用户，还可以通过微信重置密码。3. 如果您账号信息的姓名有误，或手机号码及邮箱不正确，可通过“咨询求助”申请工作人员协助核查账户信息或修改手机号码和邮箱信息。</Text>
        </View>
        <IdentifyStep onIdentified={onIdentified} />
        <PageLink onClick={() => void Taro.navigateTo({ url: APP_PAGES.support })}>咨询求助</PageLink>
      </AppShell>
    );
  }

  if (changing) {
    return (
      <AppShell title='忘记密码'>
        <ContactChange resetId={channels.resetId} kind={changing} onSubmitted={onSubmitted} onBack={() => setChanging(null)} />
      </AppShell>
    );
  }

  const available = (['email', 'sms', 'wechat'] as const).filter((each) => (
    each === 'email' ? channels.email : each === 'sms' ? channels.phone : channels.wechat
  ));
  return (
    <AppShell title='忘记密码'>
      <View className='card'>
        <Text className='card__title'>安全验证</Text>
        <Text className='card__text'>请根据自身情况选择一种方式完成密码重置。</Text>
        <ChoiceField
          label='重置方式'
          display='radio'
          options={available.map((each) => ({ value: each, label: CHANNEL_LABELS[each] }))}
          value={channel}
          onChange={(value) => setChannel(value as Channel)}
        />
        {!channels.wechat && (
          <Text className='card__text'>本账号未关联微信服务号，不能通过微信重置密码。</Text>
        )}
      </View>
      <View className='card'>
        {channel === 'email' && channels.email && (
          <MailReset resetId={channels.resetId} maskedEmail={channels.email} onChangeContact={() => setChanging('email')} />
        )}
        {channel === 'sms' && channels.phone && (
          <View>
            <CodeReset resetId={channels.resetId} channel='sms' maskedPhone={channels.phone} onReset={onReset} />
            <PageLink onClick={() => setChanging('phone')}>修改手机号码</PageLink>
          </View>
        )}
        {channel === 'wechat' && <WechatReset resetId={channels.resetId} onReset={onReset} />}
        {channel === null && (
          <View>
            <Notice kind='info'>本账号没有可用的重置方式。请提交修改账号绑定的联系方式申请。</Notice>
            <PageLink onClick={() => setChanging('email')}>修改邮箱地址</PageLink>
            <PageLink onClick={() => setChanging('phone')}>修改手机号码</PageLink>
          </View>
        )}
        <PageLink onClick={() => { setChannels(null); setChannel(null); }}>返回</PageLink>
      </View>
    </AppShell>
  );
}
