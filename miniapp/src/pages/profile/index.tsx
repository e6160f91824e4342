/**
 * 个人信息中心 (manual 2.3.1): tabs 修改个人信息, 实名认证, 修改密码, 修改手机号码, 绑定微信, and 退出. The first
 * login lands on 修改个人信息 to 完善个人信息; once saved, the 您还未进行实名认证 prompt leads to 实名认证.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { SubmitButton } from '../../components/SubmitButton';
import { isWeb } from '../../components/platform';
import { nextStepOf, useMe, VERIFY_PROMPT } from '../../hooks/useMe';
import { ROUTES, type ProfileTab } from '../../services/routes';
import { logOut, type Me } from '../../services/session';
import { InfoForm } from './InfoForm';
import { PasswordForm } from './PasswordForm';
import { PhoneForm } from './PhoneForm';
import { WechatBinding } from './WechatBinding';

const TABS: Array<{ tab: ProfileTab | 'verify'; label: string }> = [
  { tab: 'info', label: '修改个人信息' },
  { tab: 'verify', label: '实名认证' },
  { tab: 'password', label: '修改密码' },
  { tab: 'phone', label: '修改手机号码' },
  { tab: 'wechat', label: '绑定微信' },
];

export const FIRST_LOGIN_MESSAGE = '账号注册后首次登录，须先完善个人信息。请补充以下信息后提交。';

function isTab(value: string | undefined): value is ProfileTab {
  return value === 'info' || value === 'password' || value === 'phone' || value === 'wechat';
}

export default function ProfilePage() {
  const { params } = useRouter();
  const [tab, setTab] = useState<ProfileTab>(isTab(params.tab) ? params.tab : 'info');
  const { me, error, reload } = useMe();
  const [promptVerify, setPromptVerify] = useState(false);

  const onLogout = async () => {
    await logOut();
    await Taro.reLaunch({ url: ROUTES.login });
  };

  const onInfoSaved = async (saved: Me) => {
    const latest = (await reload()) ?? saved;
    if (nextStepOf(latest) === 'verify') setPromptVerify(true);
  };

  const logout = isWeb()
    ? <button type='button' className='header-button' onClick={() => void onLogout()}>退出</button>
    : <SubmitButton plain onClick={() => void onLogout()}>退出</SubmitButton>;

  const tabs = (
    <View className='tabs' ariaRole='navigation' ariaLabel='个人信息中心'>
      {TABS.map((item) => {
        const current = item.tab === tab;
        const open = () => {
          if (item.tab === 'verify') void Taro.navigateTo({ url: ROUTES.verify });
          else setTab(item.tab);
        };
        return isWeb() ? (
          <button
            key={item.tab}
            type='button'
            className={`tabs__tab${current ? ' tabs__tab--current' : ''}`}
            aria-current={current ? 'page' : undefined}
            onClick={open}
          >
            {item.label}{current ? '（当前）' : ''}
          </button>
        ) : (
          <Text key={item.tab} className={`tabs__tab${current ? ' tabs__tab--current' : ''}`} onClick={open}>
            {item.label}{current ? '（当前）' : ''}
          </Text>
        );
      })}
    </View>
  );

  const firstLogin = me ? nextStepOf(me) === 'complete-profile' : false;
  const title = TABS.find((item) => item.tab === tab)?.label ?? '个人信息中心';

  return (
    <AppShell title='个人信息中心' actions={logout}>
      {tabs}
      {error && <Notice kind='error'>{error}</Notice>}
      {promptVerify && (
        <Notice kind='info' title={me?.notice ?? VERIFY_PROMPT}>
          <SubmitButton onClick={() => void Taro.navigateTo({ url: ROUTES.verify })}>确定</SubmitButton>
        </Notice>
      )}
      {me && (
        <View className='card'>
          <Text className='card__title'>{firstLogin && tab === 'info' ? '完善个人信息' : title}</Text>
          {firstLogin && tab === 'info' && <Notice kind='info'>{FIRST_LOGIN_MESSAGE}</Notice>}
          {tab === 'info' && <InfoForm me={me} onSaved={(saved) => void onInfoSaved(saved)} />}
          {tab === 'password' && <PasswordForm />}
          {tab === 'phone' && <PhoneForm me={me} onSaved={() => void reload()} />}
          {tab === 'wechat' && <WechatBinding />}
        </View>
      )}
      {!me && !error && <Text className='card__text'>正在加载…</Text>}
    </AppShell>
  );
}
