/**
 * 绑定账号: links this WeChat user to a 中国教师资格网 account (证件类型, 证件号码 and 密码), so that a
 * forgotten password can be reset from the service account.
 */
import { Picker, Text, View } from '@tarojs/components';
import { ID_TYPE_LABELS, ID_TYPES, maskIdNumber, normalizeIdNumber } from '@shared/id-documents';
import { MESSAGES } from '@shared/reference-data';
import { useCallback, useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { Done } from '../../components/Done';
import { TextField } from '../../components/TextField';
import { Captcha } from '../../components/Captcha';
import { SubmitButton } from '../../components/SubmitButton';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { useSubmission } from '../../hooks/useSubmission';
import { useWechatBinding } from '../../hooks/useWechatBinding';
import { idNumberProblemFor } from '../../services/form-rules';
import { ApiError } from '../../services/http';
import { bindAccount } from '../../services/wechat';

const ID_TYPE_NAMES = ID_TYPES.map((idType) => ID_TYPE_LABELS[idType]);
export const EMPTY_PASSWORD_MESSAGE = '请填写密码';

type Problems = { idNumber?: string; password?: string };

export default function BindPage() {
  const [idTypeIndex, setIdTypeIndex] = useState(0);
  const [idNumber, setIdNumber] = useState('');
  const [password, setPassword] = useState('');
  const { problems, setProblems, onEdit } = useFieldProblems<keyof Problems>();
  const [boundIdNumber, setBoundIdNumber] = useState<string | null>(null);
  const idType = ID_TYPES[idTypeIndex] ?? 'resident-id';
  const binding = useWechatBinding({ needsWechat: true });

  // Binding by password is a login, so it takes a solved captcha every time (the slider is asked for first).
  const send = useCallback((captchaToken?: string) => {
    if (!captchaToken) return Promise.reject(new ApiError('CAPTCHA_REQUIRED', MESSAGES.captchaRequired));
    return bindAccount({ idType, idNumber: normalizeIdNumber(idNumber), password }, captchaToken);
  }, [idType, idNumber, password]);
  const onBound = useCallback(() => setBoundIdNumber(normalizeIdNumber(idNumber)), [idNumber]);
  const submission = useSubmission(send, onBound);

  const onSubmit = () => {
    const found: Problems = {};
    const idNumberProblem = idNumberProblemFor(idType, idNumber);
    if (idNumberProblem) found.idNumber = idNumberProblem;
    if (!password) found.password = EMPTY_PASSWORD_MESSAGE;
    setProblems(found);
    if (!found.idNumber && !found.password) void submission.submit();
  };

  if (boundIdNumber) {
    return (
      <Done title='绑定成功'>
        {`账号 ${maskIdNumber(boundIdNumber)} 已与本微信绑定。忘记密码时，可在服务号中点击“重置密码”设置新密码。`}
      </Done>
    );
  }

  return (
    <AppShell title='绑定账号'>
      <View className='card'>
        <Text className='card__title'>绑定账号</Text>
        <Text className='card__text'>请填写在中国教师资格网注册的证件类型、证件号码（即账号）和登录密码。</Text>
      </View>
      {binding.error && <Notice kind='error'>{binding.error}</Notice>}
      <View className='card'>
        <View className='field'>
          <Text className='field__label'>证件类型</Text>
          <Picker
            mode='selector'
            range={ID_TYPE_NAMES}
            value={idTypeIndex}
            onChange={(event) => {
              setIdTypeIndex(Number(event.detail.value));
              setProblems({});
            }}
          >
            <View className='field__picker'>{ID_TYPE_LABELS[idType]}</View>
          </Picker>
        </View>
        <TextField
          label='证件号码'
          kind='idcard'
          maxlength={18}
          placeholder='请输入证件号码'
          value={idNumber}
          problem={problems.idNumber}
          onChange={onEdit('idNumber', setIdNumber)}
        />
        <TextField
          label='密码'
          kind='password'
          maxlength={200}
          placeholder='请输入登录密码'
          value={password}
          problem={problems.password}
          onChange={onEdit('password', setPassword)}
        />
        {submission.captchaNeeded && <Captcha onSolved={(token) => void submission.submit(token)} />}
        {submission.error && <Notice kind='error'>{submission.error.message}</Notice>}
        <SubmitButton disabled={submission.busy} onClick={onSubmit}>
          {submission.busy ? '正在绑定…' : '绑定'}
        </SubmitButton>
      </View>
    </AppShell>
  );
}
