/**
 * 登录 (manual 2.3): 账号（证件号码）, 密码 (shown on request), the security check, 登录. After login the app
 * follows GET /api/v1/me's next step: 完善个人信息 first, then 实名认证. 登录失败！ comes with the FAQ's checklist,
 * the pre-2019 account with the way to 注册.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { normalizeIdNumber } from '@shared/id-documents';
import { MESSAGES } from '@shared/reference-data';
import { useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { CaptchaStep } from '../../components/Captcha';
import { CheckField } from '../../components/ChoiceField';
import { Notice } from '../../components/Notice';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { CAPTCHA_NEEDED_MESSAGE, useCaptchaToken } from '../../hooks/useCaptchaToken';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { nextStepOf } from '../../hooks/useMe';
import { ApiError, asApiError } from '../../services/http';
import { profileRoute, ROUTES } from '../../services/routes';
import { loadMe, logIn } from '../../services/session';

/** FAQ 账号登录问题 (1): what to check after 登录失败！ */
export const LOGIN_FAILED_CHECKLIST = [
  '输入的证件号码、密码是否正确；',
  '如果您是首次访问“中国教师资格网”办理教师资格业务，请先注册账号后再登录；',
  '如果您在2019年3月1日之前在“中国教师资格网”进行过报名，需要重新注册账号后方可登录；',
  '如果您在2019年3月1日之后在“中国教师资格网”进行过注册账号，请尝试通过“忘记密码”进行密码重置。',
];
export const NTCE_REMINDER = '特别提醒：您在中小学教师资格考试网（http://ntce.neea.edu.cn）注册的账号不能用于本网站，请完成中国教师资格网账号注册后按要求办理业务。';

type Problems = { idNumber?: string; password?: string; captcha?: string };

/** Where the applicant goes after logging in (`nextStep` of GET /api/v1/me). */
export async function afterLogin(): Promise<void> {
  const me = await loadMe();
  const step = nextStepOf(me);
  const url = step === 'complete-profile' ? `${profileRoute('info')}&first=1`
    : step === 'verify' ? `${ROUTES.verify}?prompt=1` : ROUTES.profile;
  await Taro.redirectTo({ url });
}

export default function LoginPage() {
  const [idNumber, setIdNumber] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const { problems, setProblems, clear, onEdit } = useFieldProblems<keyof Problems>();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const captcha = useCaptchaToken();

  const onSubmit = async () => {
    const found: Problems = {};
    if (!normalizeIdNumber(idNumber)) found.idNumber = '请填写有效身份证件号码';
    if (!password) found.password = '请填写密码';
    if (!captcha.token) found.captcha = CAPTCHA_NEEDED_MESSAGE;
    setProblems(found);
    setFailure(null);
    if (found.idNumber || found.password || found.captcha || busy) return;
    const token = captcha.spend();
    if (!token) return;
    setBusy(true);
    try {
      await logIn({ idNumber: normalizeIdNumber(idNumber), password }, token);
      await afterLogin();
    } catch (thrown) {
      setFailure(asApiError(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AppShell title='登录'>
      <View className='card'>
        <Text className='card__title'>欢迎使用中国教师资格网</Text>
        <Text className='card__text'>首次使用者请先注册，注册成功后再登录系统办理相关业务。认定及定期注册登录入口所办理的业务不同，但所注册的账号通用。</Text>
      </View>
      {failure?.code === 'LOGIN_FAILED' && (
        <Notice kind='error' title={MESSAGES.loginFailed}>
          <Text>请确认：</Text>
          <View>{LOGIN_FAILED_CHECKLIST.map((item, index) => <Text key={item} className='checklist__item'>{`${String.fromCharCode(97 + index)}. ${item}`}</Text>)}</View>
          <Text>{NTCE_REMINDER}</Text>
        </Notice>
      )}
      {failure?.code === 'LEGACY_ACCOUNT' && (
        <Notice kind='error' title='需要重新注册账号'>
          <Text>{failure.message}</Text>
          <SubmitButton plain onClick={() => void Taro.navigateTo({ url: ROUTES.register })}>去注册</SubmitButton>
        </Notice>
      )}
      {failure && failure.code !== 'LOGIN_FAILED' && failure.code !== 'LEGACY_ACCOUNT' && <Notice kind='error'>{failure.message}</Notice>}
      <View className='card'>
        <TextField
          label='账号（证件号码）'
          kind='idcard'
          maxlength={18}
          placeholder='请填写有效身份证件号码'
          autoComplete='username'
          value={idNumber}
          problem={problems.idNumber}
          onChange={onEdit('idNumber', setIdNumber)}
        />
        <TextField
          label='密码'
          kind={showPassword ? 'idcard' : 'password'}
          maxlength={200}
          placeholder='请输入密码'
          autoComplete='current-password'
          value={password}
          problem={problems.password}
          onChange={onEdit('password', setPassword)}
        />
        <CheckField checked={showPassword} onChange={setShowPassword}>显示密码</CheckField>
        <CaptchaStep
          token={captcha.token}
          captchaKey={captcha.key}
          problem={problems.captcha}
          onSolved={(token) => {
            captcha.solved(token);
            clear('captcha');
          }}
        />
        <SubmitButton disabled={busy} onClick={() => void onSubmit()}>{busy ? '正在登录…' : '登录'}</SubmitButton>
        <View className='button-row'>
          <SubmitButton plain onClick={() => void Taro.navigateTo({ url: ROUTES.forgot })}>忘记密码</SubmitButton>
          <SubmitButton plain onClick={() => void Taro.navigateTo({ url: ROUTES.register })}>还没有账号吗？注册</SubmitButton>
        </View>
      </View>
    </AppShell>
  );
}
