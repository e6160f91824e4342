/**
 * 完善个人信息 / 修改个人信息 (manual 2.3.1; FAQ 个人身份信息补充、修改): 民族 for everyone; 性别, 出生日期 and
 * the local ID number for HK/MO/TW documents; the 通行证号码 for 居住证 holders too; validity and its start;
 * the mail address (a new one needs the code sent to it). Identity fields are shown, not edited.
 */
import { Text, View } from '@tarojs/components';
import { emailProblem, normalizeEmail } from '@shared/contacts';
import { shanghaiDate } from '@shared/dates';
import {
  ID_TYPE_LABELS, RESIDENCE_REGION_LABELS, type Validity,
} from '@shared/id-documents';
import { ETHNIC_GROUPS, GENDER_LABELS, GENDERS } from '@shared/reference-data';
import { useEffect, useState } from 'react';
import { CaptchaStep } from '../../components/Captcha';
import { ChoiceField, DateField } from '../../components/ChoiceField';
import { Facts } from '../../components/Facts';
import { Notice } from '../../components/Notice';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { ValidityFields } from '../../components/ValidityFields';
import { CAPTCHA_NEEDED_MESSAGE, useCaptchaToken } from '../../hooks/useCaptchaToken';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { CURRENT_PASSWORD_NEEDED, sendCode, updateProfile, type ProfileChange } from '../../services/account';
import { asApiError } from '../../services/http';
import type { Me } from '../../services/session';

export const PASS_NUMBER_HINT = '持港澳居民来往内地通行证的，请填写通行证号码（H或M加8位数字）；持五年有效期台湾居民来往大陆通行证的，请填写8位数字。将使用通行证的信息进行实名认证，请务必保证姓名和通行证号码与证件上的信息一致。';
export const SAVED_MESSAGE = '个人信息已保存';
export const NAME_CHANGE_NOTE = '账号信息一经注册，不允许修改。姓名如果发生变化或填写错误，需要进入【实名认证】页面修改，再次实名认证通过后即修改成功。';

type Field = 'ethnicity' | 'gender' | 'birthDate' | 'validity' | 'validFrom' | 'email' | 'emailCode' | 'password' | 'passNumber' | 'localIdNumber' | 'captcha';
type Problems = Partial<Record<Field, string>>;

function localIdLabel(me: Me): string {
  if (me.idType === 'tw-permit' || me.region === 'tw') return '台湾当地身份证件号码';
  return '港澳当地身份证件号码';
}

export function InfoForm({ me, onSaved }: { me: Me; onSaved: (me: Me) => void }) {
  const needsHkMoTw = me.idType !== 'resident-id';
  const [ethnicity, setEthnicity] = useState<string | null>(me.ethnicity);
  const [gender, setGender] = useState<string | null>(me.gender);
  const [birthDate, setBirthDate] = useState(me.birthDate ?? '');
  const [validity, setValidity] = useState<Validity | null>(me.validity);
  const [validFrom, setValidFrom] = useState(me.validFrom ?? '');
  const [passNumber, setPassNumber] = useState('');
  const [localIdNumber, setLocalIdNumber] = useState('');
  const [newEmail, setNewEmail] = useState('');
  const [emailCode, setEmailCode] = useState('');
  const [password, setPassword] = useState('');
  const { problems, setProblems, clear, onEdit } = useFieldProblems<keyof Problems>();
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [codeNotice, setCodeNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const captcha = useCaptchaToken();

  useEffect(() => {
    setEthnicity(me.ethnicity);
    setValidity(me.validity);
    setValidFrom(me.validFrom ?? '');
  }, [me]);


  const onSendEmailCode = async () => {
    const issue = newEmail.trim() ? emailProblem(normalizeEmail(newEmail)) : '请填写新的电子邮箱';
    const token = captcha.token;
    setProblems((current) => ({ ...current, email: issue ?? undefined, captcha: token ? undefined : CAPTCHA_NEEDED_MESSAGE }));
    if (issue || !token) return;
    captcha.spend();
    try {
      await sendCode('change-email', 'email', normalizeEmail(newEmail), token);
      setCodeNotice({ kind: 'success', text: '验证码已发送到新邮箱，请注意查收（5分钟内有效）' });
    } catch (thrown) {
      setCodeNotice({ kind: 'error', text: asApiError(thrown).message });
    }
  };

  const onSubmit = async () => {
    const found: Problems = {};
    const change: ProfileChange = {};
    if (!ethnicity) found.ethnicity = '请选择民族';
    else if (ethnicity !== me.ethnicity) change.ethnicity = ethnicity;
    if (!validity) found.validity = '请选择身份证件有效时间段';
    if (!validFrom) found.validFrom = '请选择身份证件有效开始日期';
    else if (validFrom > shanghaiDate()) found.validFrom = '日期不能晚于今天';
    if (validity && validFrom && (validity !== me.validity || validFrom !== me.validFrom)) {
      change.validity = validity;
      change.validFrom = validFrom;
    }
    if (needsHkMoTw) {
      if (!gender) found.gender = '请选择性别';
      else if (gender !== me.gender) change.gender = gender as 'male' | 'female';
      if (!birthDate) found.birthDate = '请选择出生日期';
      else if (birthDate !== me.birthDate) change.birthDate = birthDate;
      if (localIdNumber.trim()) change.localIdNumber = localIdNumber.trim().toUpperCase();
      else if (!me.localIdNumber) found.localIdNumber = `请填写${localIdLabel(me)}`;
      if (me.idType === 'residence-permit') {
        if (passNumber.trim()) {
          if (!/^[HM]\d{8}$|^\d{8}$/.test(passNumber.trim().toUpperCase())) found.passNumber = '通行证号码应为H或M加8位数字（港澳）或8位数字（台湾）';
          else change.passNumber = passNumber.trim().toUpperCase();
        } else if (!me.passNumber) found.passNumber = '请填写通行证号码';
      }
    }
    if (newEmail.trim()) {
      const issue = emailProblem(normalizeEmail(newEmail));
      if (issue) found.email = issue;
      else if (!/^\d{6}$/.test(emailCode.trim())) found.emailCode = emailCode.trim() ? '验证码为6位数字' : '请填写发送到新邮箱的验证码';
      else if (!password) found.password = CURRENT_PASSWORD_NEEDED;
      else {
        change.email = normalizeEmail(newEmail);
        change.emailCode = emailCode.trim();
        change.password = password;
      }
    }
    setProblems(found);
    setNotice(null);
    if (Object.values(found).some(Boolean) || busy) return;
    if (Object.keys(change).length === 0) {
      setNotice({ kind: 'success', text: '信息没有变化，无需保存' });
      return;
    }
    setBusy(true);
    try {
      const saved = await updateProfile(change);
      setNotice({ kind: 'success', text: SAVED_MESSAGE });
      setNewEmail('');
      setEmailCode('');
      setPassword('');
      setPassNumber('');
      setLocalIdNumber('');
      onSaved(saved);
    } catch (thrown) {
      const apiError = asApiError(thrown);
      const fields = apiError.details?.fields ?? {};
      setProblems(Object.fromEntries(Object.entries(fields).filter(([key]) => key in found || [
        'ethnicity', 'gender', 'birthDate', 'validity', 'validFrom', 'email', 'emailCode', 'passNumber', 'localIdNumber',
      ].includes(key))) as Problems);
      setNotice({ kind: 'error', text: apiError.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <Facts rows={[
        ['身份证件类型', ID_TYPE_LABELS[me.idType]],
        ...(me.region ? [['地区', RESIDENCE_REGION_LABELS[me.region]] as [string, string]] : []),
        ['身份证件号码', me.idNumber],
        ['姓名', me.name],
        ['手机号码', me.phone ?? '未填写'],
      ]} />
      <Text className='card__text'>{NAME_CHANGE_NOTE}</Text>
      {needsHkMoTw && (
        <>
          <ChoiceField
            label='性别'
            display='radio'
            options={GENDERS.map((value) => ({ value, label: GENDER_LABELS[value] }))}
            value={gender}
            problem={problems.gender}
            onChange={onEdit('gender', setGender)}
          />
          <DateField label='出生日期' value={birthDate} max={shanghaiDate()} problem={problems.birthDate} onChange={onEdit('birthDate', setBirthDate)} />
        </>
      )}
      <ChoiceField
        label='民族'
        options={ETHNIC_GROUPS.map((value) => ({ value, label: value }))}
        value={ethnicity}
        problem={problems.ethnicity}
        onChange={onEdit('ethnicity', setEthnicity)}
      />
      <ValidityFields
        idType={me.idType}
        validity={validity}
        validFrom={validFrom}
        problems={problems}
        onValidityChange={onEdit('validity', setValidity)}
        onValidFromChange={onEdit('validFrom', setValidFrom)}
      />
      {me.idType === 'residence-permit' && (
        <TextField
          label='通行证号码'
          hint={`${PASS_NUMBER_HINT}${me.passNumber ? `（已填写：${me.passNumber}，无需修改可不填）` : ''}`}
          maxlength={9}
          placeholder='请填写通行证号码'
          required={!me.passNumber}
          value={passNumber}
          problem={problems.passNumber}
          onChange={onEdit('passNumber', setPassNumber)}
        />
      )}
      {needsHkMoTw && (
        <TextField
          label={localIdLabel(me)}
          hint={`请填写通行证背面的当地身份证件号码${me.localIdNumber ? `（已填写：${me.localIdNumber}，无需修改可不填）` : ''}`}
          maxlength={20}
          placeholder={`请填写${localIdLabel(me)}`}
          required={!me.localIdNumber}
          value={localIdNumber}
          problem={problems.localIdNumber}
          onChange={onEdit('localIdNumber', setLocalIdNumber)}
        />
      )}
      <TextField
        label='安全邮箱（如需修改，请填写新邮箱）'
        kind='email'
        hint={`当前邮箱：${me.email ?? '未填写'}。新邮箱需通过发送到该邮箱的验证码确认。`}
        maxlength={100}
        placeholder='请输入新的电子邮箱地址'
        required={false}
        value={newEmail}
        problem={problems.email}
        onChange={onEdit('email', setNewEmail)}
      />
      {newEmail.trim() !== '' && (
        <>
          <CaptchaStep token={captcha.token} captchaKey={captcha.key} problem={problems.captcha} onSolved={(token) => { captcha.solved(token); clear('captcha'); }} />
          <SubmitButton plain onClick={() => void onSendEmailCode()}>发送验证码到新邮箱</SubmitButton>
          {codeNotice && <Notice kind={codeNotice.kind}>{codeNotice.text}</Notice>}
          <TextField label='邮箱验证码' kind='number' maxlength={6} placeholder='请输入6位验证码' value={emailCode} problem={problems.emailCode} onChange={onEdit('emailCode', setEmailCode)} />
          <TextField label='当前登录密码' kind='password' maxlength={200} placeholder='请输入当前登录密码' hint='修改安全邮箱需再次输入密码' value={password} problem={problems.password} onChange={onEdit('password', setPassword)} />
        </>
      )}
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <SubmitButton disabled={busy} onClick={() => void onSubmit()}>{busy ? '正在提交…' : '提交'}</SubmitButton>
      <Text className='card__text'>建议您通过微信扫码关注“中国教师资格服务号”，并与本系统账号绑定，以便于忘记密码时进行密码重置。</Text>
    </View>
  );
}
