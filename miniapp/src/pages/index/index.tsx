/** 首页: what the service account can do, and whether this WeChat user has an account bound. */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { SubmitButton } from '../../components/SubmitButton';
import { useWechatBinding } from '../../hooks/useWechatBinding';
import './index.css';

const SERVICES = [
  {
    page: '/pages/otp/index',
    title: '取验证码',
    text: '在中国教师资格网注册账号或重置密码时选择“微信扫码获取验证码”，在此输入账号注册对应的证件号码，验证码将发送到服务号对话中，5分钟内有效。',
  },
  {
    page: '/pages/password/index',
    title: '重置密码',
    text: '忘记密码时，已与本微信绑定的账号可在此直接设置新密码，重置成功后即可使用新密码登录中国教师资格网。',
  },
  {
    page: '/pages/bind/index',
    title: '绑定账号',
    text: '填写证件类型、证件号码和密码，将中国教师资格网账号与本微信绑定，以便于忘记密码时进行密码重置。',
  },
] as const;

export default function Index() {
  const { bound, error } = useWechatBinding({ needsWechat: false });
  return (
    <AppShell title='中国教师资格服务号'>
      <View className='home__banner'>
        <Text className='home__name'>中国教师资格服务号</Text>
        <Text className='home__intro'>中国教师资格网账号服务：获取验证码、重置密码、绑定账号</Text>
      </View>
      {error && <Notice kind='error'>{error}</Notice>}
      {bound === true && <Notice kind='success'>本微信已绑定中国教师资格网账号。</Notice>}
      {bound === false && <Notice kind='info'>本微信尚未绑定账号。建议绑定账号，以便于忘记密码时通过微信重置密码。</Notice>}
      {SERVICES.map((service) => (
        <View key={service.page} className='card'>
          <Text className='card__title'>{service.title}</Text>
          <Text className='card__text'>{service.text}</Text>
          <SubmitButton onClick={() => void Taro.navigateTo({ url: service.page })}>{service.title}</SubmitButton>
        </View>
      ))}
    </AppShell>
  );
}
