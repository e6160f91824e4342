/**
 * 注册 (manual 2.2.1): document type (and region for the residence permit), number with its format hint,
 * name, validity with the end date computed, password (rule ticked off as typed), 安全邮箱, 手机号码, the
 * security check, then the code by SMS (60 s before another) or from the service account's 取验证码, the
 * 注册协议 read and accepted, 提交. Every problem shows under its field, in words.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { emailProblem, normalizeEmail, phoneProblem } from '@shared/contacts';
import { shanghaiDate } from '@shared/dates';
import {
  ID_TYPE_LABELS, ID_TYPES, idNumberProblem, normalizeIdNumber, RESIDENCE_REGION_LABELS, RESIDENCE_REGIONS,
  VALIDITY_LABELS, VALIDITY_OPTIONS, validTo, type IdType, type ResidenceRegion, type Validity,
} from '@shared/id-documents';
import { NAME_MIDDLE_DOT, nameProblem, normalizeName } from '@shared/names';
import { MESSAGES } from '@shared/reference-data';
import { useEffect, useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { CaptchaStep } from '../../components/Captcha';
import { CheckField, ChoiceField, DateField } from '../../components/ChoiceField';
import { Notice } from '../../components/Notice';
import { PasswordRule } from '../../components/PasswordRule';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { isWeb } from '../../components/platform';
import { CAPTCHA_NEEDED_MESSAGE, useCaptchaToken } from '../../hooks/useCaptchaToken';
import { useCountdown } from '../../hooks/useCountdown';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { register, sendCode } from '../../services/account';
import { newPasswordProblem } from '../../services/form-rules';
import { ApiError, asApiError } from '../../services/http';
import { loadMeta, type Meta } from '../../services/meta';
import { ROUTES } from '../../services/routes';
import { AGREEMENT_PARAGRAPHS, AGREEMENT_TITLE } from './agreement';

/** 通过短信免费获取验证码, then a 60-second wait before another (the manual's button counts down). */
export const RESEND_SECONDS = 60;

/** Each document type's number format (manual 2.2.1, 2) b)). */
export const ID_NUMBER_HINTS: Record<IdType, string> = {
  'resident-id': '请准确填写18位居民身份证号码，最后一位如为X请填写大写X',
  'hkmo-permit': '请填写9位：H或M及8位纯数字，最后两位换证次数无需填写',
  'tw-permit': '请填写8位纯数字，最后两位换证次数无需填写',
  'residence-permit': '请填写18位港澳台居民居住证号码（香港810000、澳门820000、台湾830000开头）',
};

export const NAME_HINT = `姓名填写内容必须与身份证件完全一致，如不一致无法完成实名核验。姓名中包含间隔符的，请使用“${NAME_MIDDLE_DOT}”`;
export const EMAIL_HINT = '主要用于重置密码。邮箱中的符号都应为英文半角符号；QQ邮箱请使用@前为纯数字的形式，勿使用自行设置的别名';
export const PHONE_HINT = '请输入11位手机号码，用于重置密码及身份验证';
export const SMS_SENT = MESSAGES.smsSent;

type Field = 'idType' | 'region' | 'idNumber' | 'name' | 'validity' | 'validFrom' | 'password' | 'confirmation'
  | 'email' | 'phone' | 'code' | 'agreed' | 'captcha';
type Problems = Partial<Record<Field, string>>;

const SERVER_FIELDS: Record<string, Field> = {
  idType: 'idType', region: 'region', idNumber: 'idNumber', name: 'name', validity: 'validity', validFrom: 'validFrom',
  password: 'password', email: 'email', phone: 'phone', 'otp.code': 'code', 'otp.channel': 'code', otp: 'code',
  agreed: 'agreed', captchaToken: 'captcha',
};

export default function RegisterPage() {
  const [meta, setMeta] = useState<Meta | null>(null);
  const [idType, setIdType] = useState<IdType>('resident-id');
  const [region, setRegion] = useState<ResidenceRegion | null>(null);
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [validity, setValidity] = useState<Validity | null>(null);
  const [validFrom, setValidFrom] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [codeSource, setCodeSource] = useState<'sms' | 'wechat'>('sms');
  const [code, setCode] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [showAgreement, setShowAgreement] = useState(false);
  const { problems, setProblems, clear, onEdit } = useFieldProblems<keyof Problems>();
  const [codeNotice, setCodeNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [registered, setRegistered] = useState(false);
  const [checkCount, setCheckCount] = useState(0);
  const captcha = useCaptchaToken();
  const { secondsLeft, start: startCountdown } = useCountdown();

  useEffect(() => {
    loadMeta().then(setMeta, () => setMeta(null));
  }, []);

  // After a refused submit, the first field with a problem gets the focus (its problem is read with it).
  useEffect(() => {
    if (checkCount > 0 && isWeb()) document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [checkCount]);

  const validityChoices = (meta?.idTypes.find((t) => t.value === idType)?.validities as Validity[] | undefined)
    ?? VALIDITY_OPTIONS[idType];
  const validUntil = validity && validFrom ? validTo(validity, validFrom) : null;

  const idProblem = () => {
    const normalized = normalizeIdNumber(idNumber);
    if (!normalized) return '请填写证件号码';
    return idNumberProblem(idType, normalized, shanghaiDate(), region ?? undefined)?.message ?? null;
  };

  const formProblems = (): Problems => {
    const found: Problems = {};
    if (idType === 'residence-permit' && !region) found.region = '请选择地区';
    const idIssue = idProblem();
    if (idIssue) found.idNumber = idIssue;
    const nameIssue = name.trim() ? nameProblem(normalizeName(name)) : '请填写姓名';
    if (nameIssue) found.name = nameIssue;
    if (!validity) found.validity = '请选择身份证件有效时间段';
    if (!validFrom) found.validFrom = '请选择身份证件有效开始日期';
    else if (validFrom > shanghaiDate()) found.validFrom = '日期不能晚于今天';
    else if (validUntil && validUntil < shanghaiDate()) found.validFrom = '证件已过有效期，请使用有效身份证件注册';
    const passwordIssue = newPasswordProblem(password, confirmation);
    if (passwordIssue && !password) found.password = '请填写密码';
    else if (passwordIssue && passwordIssue !== '两次输入的密码不一致') found.password = passwordIssue;
    else if (passwordIssue) found.confirmation = passwordIssue;
    const emailIssue = email.trim() ? emailProblem(normalizeEmail(email)) : '请填写安全邮箱';
    if (emailIssue) found.email = emailIssue;
    const phoneIssue = phone.trim() ? phoneProblem(phone.trim()) : '请填写手机号码';
    if (phoneIssue) found.phone = phoneIssue;
    if (!/^\d{6}$/.test(code.trim())) found.code = code.trim() ? '验证码为6位数字' : '请填写验证码';
    if (!agreed) found.agreed = '请阅读并同意《中国教师资格网注册协议》';
    if (!captcha.token) found.captcha = CAPTCHA_NEEDED_MESSAGE;
    return found;
  };

  const onSendSms = async () => {
    const phoneIssue = phone.trim() ? phoneProblem(phone.trim()) : '请填写手机号码';
    const token = captcha.token;
    setProblems((current) => ({ ...current, phone: phoneIssue ?? undefined, captcha: token ? undefined : CAPTCHA_NEEDED_MESSAGE }));
    if (phoneIssue || !token || sending || secondsLeft > 0) return;
    captcha.spend();
    setSending(true);
    setCodeNotice(null);
    try {
      const sent = await sendCode('register', 'sms', phone.trim(), token);
      setCodeNotice({ kind: 'success', text: sent.message ?? SMS_SENT });
      startCountdown(RESEND_SECONDS);
    } catch (thrown) {
      setCodeNotice({ kind: 'error', text: asApiError(thrown).message });
    } finally {
      setSending(false);
    }
  };

  const onSubmit = async () => {
    const found = formProblems();
    setProblems(found);
    setFailure(null);
    setCheckCount((n) => n + 1);
    if (Object.values(found).some(Boolean) || submitting) return;
    const token = captcha.spend();
    if (!token || !validity) return;
    setSubmitting(true);
    try {
      await register({
        idType,
        ...(idType === 'residence-permit' && region ? { region } : {}),
        idNumber: normalizeIdNumber(idNumber),
        name: normalizeName(name),
        validity,
        validFrom,
        password,
        email: normalizeEmail(email),
        phone: phone.trim(),
        otp: { channel: codeSource, code: code.trim() },
        agreed: true,
      }, token);
      setRegistered(true);
    } catch (thrown) {
      const apiError = asApiError(thrown);
      const fields = apiError.details?.fields ?? {};
      const mapped: Problems = {};
      for (const [path, message] of Object.entries(fields)) {
        const field = SERVER_FIELDS[path];
        if (field) mapped[field] = message;
      }
      if (apiError.code === 'OTP_INVALID') mapped.code = apiError.message;
      setProblems(mapped);
      setFailure(apiError);
      setCheckCount((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  };

  if (registered) {
    return (
      <AppShell title='注册'>
        <Notice kind='success' title='注册成功'>
          {`账号为您的证件号码。请使用证件号码和密码登录，首次登录后需完善个人信息并进行实名认证。`}
        </Notice>
        <SubmitButton onClick={() => void Taro.redirectTo({ url: ROUTES.login })}>去登录</SubmitButton>
      </AppShell>
    );
  }

  const problemCount = Object.values(problems).filter(Boolean).length;

  return (
    <AppShell title='注册'>
      <View className='card'>
        <Text className='card__text'>
          账号只需注册一次。每一项都要手动输入，请准确填写；证件类型、姓名、身份证件号码填写错误将导致无法通过实名核验。带*的为必填项。
        </Text>
      </View>
      {problemCount > 0 && <Notice kind='error' title={`有${problemCount}处需要修改，请查看各项下方的说明`} />}
      {failure && failure.code === 'ACCOUNT_EXISTS' && (
        <Notice kind='error' title={failure.message}>
          <Text>您可通过“忘记密码”功能重置密码后直接登录。</Text>
          <SubmitButton plain onClick={() => void Taro.navigateTo({ url: ROUTES.forgot })}>忘记密码</SubmitButton>
        </Notice>
      )}
      {failure && failure.code !== 'ACCOUNT_EXISTS' && <Notice kind='error'>{failure.message}</Notice>}
      <View className='card'>
        <ChoiceField
          label='身份证件类型'
          options={ID_TYPES.map((value) => ({ value, label: ID_TYPE_LABELS[value] }))}
          value={idType}
          problem={problems.idType}
          onChange={(value) => {
            setIdType(value as IdType);
            setValidity(null);
            setRegion(null);
            clear('idNumber', 'validity', 'region');
          }}
        />
        {idType === 'residence-permit' && (
          <ChoiceField
            label='地区'
            display='radio'
            options={RESIDENCE_REGIONS.map((value) => ({ value, label: RESIDENCE_REGION_LABELS[value] }))}
            value={region}
            problem={problems.region}
            onChange={(value) => {
              setRegion(value as ResidenceRegion);
              clear('region');
            }}
          />
        )}
        <TextField
          label='身份证件号码'
          kind='idcard'
          hint={ID_NUMBER_HINTS[idType]}
          maxlength={18}
          placeholder='请准确填写身份证件号码'
          value={idNumber}
          problem={problems.idNumber}
          onChange={onEdit('idNumber', setIdNumber)}
        />
        <TextField
          label='姓名'
          hint={NAME_HINT}
          maxlength={50}
          placeholder='请填写与身份证件一致的姓名'
          autoComplete='name'
          value={name}
          problem={problems.name}
          onChange={onEdit('name', setName)}
        >
          <SubmitButton plain onClick={() => setName((current) => current + NAME_MIDDLE_DOT)} label={`在姓名末尾插入间隔符${NAME_MIDDLE_DOT}`}>
            {`插入间隔符“${NAME_MIDDLE_DOT}”`}
          </SubmitButton>
        </TextField>
        <ChoiceField
          label='身份证件有效时间段'
          display='radio'
          options={validityChoices.map((value) => ({ value, label: VALIDITY_LABELS[value] }))}
          value={validity}
          problem={problems.validity}
          onChange={(value) => {
            setValidity(value as Validity);
            clear('validity');
          }}
        />
        <DateField
          label='身份证件有效开始日期'
          hint='请按证件上的日期选择年、月、日'
          value={validFrom}
          max={shanghaiDate()}
          problem={problems.validFrom}
          onChange={onEdit('validFrom', setValidFrom)}
        />
        <View className='field'>
          <Text className='field__label'>身份证件有效截止日期（系统自动生成）</Text>
          <Text className='field__value' aria-live='polite'>
            {validity === 'long' ? '长期' : validUntil ?? '选择有效时间段和开始日期后自动生成'}
          </Text>
        </View>
      </View>
      <View className='card'>
        <TextField
          label='密码'
          kind='password'
          maxlength={200}
          placeholder='8位以上数字、字母和特殊符号组合'
          autoComplete='new-password'
          value={password}
          problem={problems.password}
          onChange={onEdit('password', setPassword)}
        >
          <PasswordRule password={password} />
        </TextField>
        <TextField
          label='确认密码'
          kind='password'
          maxlength={200}
          placeholder='请再次输入密码'
          autoComplete='new-password'
          value={confirmation}
          problem={problems.confirmation}
          onChange={onEdit('confirmation', setConfirmation)}
        />
        <TextField
          label='安全邮箱'
          kind='email'
          hint={EMAIL_HINT}
          maxlength={100}
          placeholder='请输入电子邮箱地址'
          autoComplete='email'
          value={email}
          problem={problems.email}
          onChange={onEdit('email', setEmail)}
        />
        <TextField
          label='手机号码'
          kind='tel'
          hint={PHONE_HINT}
          maxlength={11}
          placeholder='请输入11位手机号码'
          autoComplete='tel'
          value={phone}
          problem={problems.phone}
          onChange={onEdit('phone', setPhone)}
        />
      </View>
      <View className='card'>
        <Text className='card__title'>图形验证码与验证码</Text>
        <Text className='card__text'>请先完成安全验证，再选择验证码来源：短信验证或微信扫码验证。</Text>
        <CaptchaStep token={captcha.token} captchaKey={captcha.key} onSolved={(token) => { captcha.solved(token); clear('captcha'); }} problem={problems.captcha} />
        <ChoiceField
          label='验证码来源'
          display='radio'
          options={[{ value: 'sms', label: '短信验证' }, { value: 'wechat', label: '微信扫码验证' }]}
          value={codeSource}
          onChange={(value) => setCodeSource(value as 'sms' | 'wechat')}
        />
        {codeSource === 'sms' ? (
          <View>
            <Text className='card__text'>验证码为6位数字，有效期为5分钟，每天每个手机号码最多获取3次。如手机号码办理过“携号转网”或是“新号段”号码，暂时收不到验证码的，建议通过微信扫码方式获取验证码。</Text>
            <SubmitButton plain disabled={sending || secondsLeft > 0} onClick={() => void onSendSms()}>
              {sending ? '正在发送…' : secondsLeft > 0 ? `${secondsLeft}秒后可重新获取` : '通过短信免费获取验证码'}
            </SubmitButton>
          </View>
        ) : (
          <Text className='card__text'>
            使用本人手机微信关注“中国教师资格服务号”，在服务号中点击下方的“取验证码”后输入证件号码，获取验证码（5分钟内有效）。选择微信扫码验证的账号，在忘记密码时，也可采用该方式进行密码重置。
          </Text>
        )}
        {codeNotice && <Notice kind={codeNotice.kind}>{codeNotice.text}</Notice>}
        <TextField
          label='验证码'
          kind='number'
          maxlength={6}
          placeholder='请输入6位验证码'
          autoComplete='one-time-code'
          value={code}
          problem={problems.code}
          onChange={onEdit('code', setCode)}
        />
      </View>
      <View className='card'>
        {showAgreement && (
          <View className='dialog' ariaRole='dialog' ariaLabel={AGREEMENT_TITLE}>
            <Text className='card__title'>{AGREEMENT_TITLE}</Text>
            {AGREEMENT_PARAGRAPHS.map((paragraph) => <Text key={paragraph} className='card__text'>{paragraph}</Text>)}
            <View className='button-row'>
              <SubmitButton onClick={() => { setAgreed(true); setShowAgreement(false); clear('agreed'); }}>我同意遵守协议</SubmitButton>
              <SubmitButton plain onClick={() => setShowAgreement(false)}>关闭</SubmitButton>
            </View>
          </View>
        )}
        <CheckField checked={agreed} problem={problems.agreed} onChange={(checked) => { setAgreed(checked); clear('agreed'); }}>
          我已阅读并同意《中国教师资格网注册协议》
        </CheckField>
        {!showAgreement && <SubmitButton plain onClick={() => setShowAgreement(true)}>阅读《中国教师资格网注册协议》</SubmitButton>}
        <SubmitButton disabled={submitting} onClick={() => void onSubmit()}>{submitting ? '正在提交…' : '提交'}</SubmitButton>
        <SubmitButton plain onClick={() => void Taro.redirectTo({ url: ROUTES.login })}>返回登录</SubmitButton>
      </View>
    </AppShell>
  );
}
