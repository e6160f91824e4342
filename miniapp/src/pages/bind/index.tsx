/**
 * 绑定账号: links this WeChat user to a 中国教师资格网 account (证件类型, 证件号码 and 密码), so that a
 * forgotten password can be reset from the service account.
 */
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ID_TYPE_LABELS, ID_TYPES, maskIdNumber, normalizeIdNumber } from '@shared/id-documents';
import { useCallback, useState } from 'react';
import { Notice } from '../../components/Notice';
import { SliderCaptcha } from '../../components/SliderCaptcha';
import { SubmitButton } from '../../components/SubmitButton';
import { useSubmission } from '../../hooks/useSubmission';
import { idNumberProblemFor } from '../../services/form-rules';
import { bindAccount } from '../../services/wechat';

const ID_TYPE_NAMES = ID_TYPES.map((idType) => ID_TYPE_LABELS[idType]);
export const EMPTY_PASSWORD_MESSAGE = '请填写密码';

type Problems = { idNumber?: string; password?: string };

export default function BindPage() {
  const [idTypeIndex, setIdTypeIndex] = useState(0);
  const [idNumber, setIdNumber] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [boundIdNumber, setBoundIdNumber] = useState<string | null>(null);
  const idType = ID_TYPES[idTypeIndex] ?? 'resident-id';

  const send = useCallback(
    (captchaToken?: string) => bindAccount({ idType, idNumber: normalizeIdNumber(idNumber), password }, captchaToken),
    [idType, idNumber, password],
  );
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
      <View className='page'>
        <Notice kind='success' title='绑定成功'>
          {`账号 ${maskIdNumber(boundIdNumber)} 已与本微信绑定。忘记密码时，可在服务号中点击“重置密码”设置新密码。`}
        </Notice>
        <Button className='button button--plain' onClick={() => void Taro.navigateBack()}>返回</Button>
      </View>
    );
  }

  return (
    <View className='page'>
      <View className='card'>
        <Text className='card__title'>绑定账号</Text>
        <Text className='card__text'>请填写在中国教师资格网注册的证件类型、证件号码（即账号）和登录密码。</Text>
      </View>
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
        <View className='field'>
          <Text className='field__label'>证件号码</Text>
          <Input
            className='field__input'
            type='idcard'
            maxlength={18}
            placeholder='请输入证件号码'
            value={idNumber}
            onInput={(event) => {
              setIdNumber(event.detail.value);
              setProblems((current) => ({ ...current, idNumber: undefined }));
            }}
          />
          {problems.idNumber && <Text className='field__problem'>{problems.idNumber}</Text>}
        </View>
        <View className='field'>
          <Text className='field__label'>密码</Text>
          <Input
            className='field__input'
            password
            maxlength={200}
            placeholder='请输入登录密码'
            value={password}
            onInput={(event) => {
              setPassword(event.detail.value);
              setProblems((current) => ({ ...current, password: undefined }));
            }}
          />
          {problems.password && <Text className='field__problem'>{problems.password}</Text>}
        </View>
        {submission.captchaNeeded && <SliderCaptcha onSolved={(token) => void submission.submit(token)} />}
        {submission.error && <Notice kind='error'>{submission.error.message}</Notice>}
        <SubmitButton disabled={submission.busy} onClick={onSubmit}>
          {submission.busy ? '正在绑定…' : '绑定'}
        </SubmitButton>
      </View>
    </View>
  );
}
