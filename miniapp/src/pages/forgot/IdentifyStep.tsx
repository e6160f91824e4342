/**
 * 输入账号 (manual 2.2.2): 证件类型, 证件号码 and 姓名 (任何一项选择或填写错误，都无法成功重置密码), then the slider,
 * then the account's ways to reset. The FAQ's answers to the two refusals are shown with the way forward.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { normalizeIdNumber, type IdType } from '@shared/id-documents';
import { MESSAGES } from '@shared/reference-data';
import { useCallback, useState } from 'react';
import { Notice } from '../../components/Notice';
import { PageLink } from '../../components/PageLink';
import { Captcha } from '../../components/Captcha';
import { IdDocumentFields } from '../../components/IdDocumentFields';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { useSubmission } from '../../hooks/useSubmission';
import { idNumberProblemFor } from '../../services/form-rules';
import { ApiError } from '../../services/http';
import { startReset, type Identity, type ResetChannels } from '../../services/recovery';
import { APP_PAGES } from '../../services/app-pages';

export const EMPTY_NAME_MESSAGE = '请填写姓名';

type Problems = { idNumber?: string; name?: string };

export function IdentifyStep({ onIdentified }: { onIdentified: (identity: Identity, channels: ResetChannels) => void }) {
  const [idType, setIdType] = useState<IdType>('resident-id');
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const { problems, setProblems, onEdit } = useFieldProblems<keyof Problems>();
  const identity: Identity = { idType, idNumber: normalizeIdNumber(idNumber), name: name.trim() };

  // Starting a reset always takes a solved puzzle: without one the slider is asked for first.
  const send = useCallback((captchaToken?: string) => {
    if (!captchaToken) return Promise.reject(new ApiError('CAPTCHA_REQUIRED', MESSAGES.captchaRequired));
    return startReset(identity, captchaToken);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [identity.idType, identity.idNumber, identity.name]);
  const onStarted = useCallback((channels: ResetChannels) => onIdentified(identity, channels),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [onIdentified, identity.idType, identity.idNumber, identity.name]);
  const submission = useSubmission(send, onStarted);

  const onNext = () => {
    const found: Problems = {};
    const idNumberProblem = idNumberProblemFor(idType, idNumber);
    if (idNumberProblem) found.idNumber = idNumberProblem;
    if (!name.trim()) found.name = EMPTY_NAME_MESSAGE;
    setProblems(found);
    if (!found.idNumber && !found.name) void submission.submit();
  };

  const refusal = submission.error?.code;
  return (
    <View className='card'>
      <Text className='card__title'>输入账号</Text>
      <Text className='card__text'>选择本人在系统中注册的证件类型，正确输入与之对应的证件号码及姓名（任何一项选择或填写错误，都无法成功重置密码），点击“下一步”。</Text>
      <IdDocumentFields
        idType={idType}
        idNumber={idNumber}
        idNumberProblem={problems.idNumber}
        onIdTypeChange={(value) => {
          setIdType(value);
          setProblems({});
        }}
        onIdNumberChange={onEdit('idNumber', setIdNumber)}
      />
      <TextField
        label='姓名'
        maxlength={50}
        placeholder='请输入姓名'
        value={name}
        problem={problems.name}
        onChange={onEdit('name', setName)}
      />
      {submission.captchaNeeded && <Captcha onSolved={(token) => void submission.submit(token)} />}
      {submission.error && <Notice kind={refusal === 'CAPTCHA_REQUIRED' ? 'info' : 'error'}>{submission.error.message}</Notice>}
      {refusal === 'ACCOUNT_NOT_FOUND' && (
        <View className='links'>
          <Text className='card__text'>2019年3月1日之前注册的账号，不能进行密码重置，需要重新注册账号。如您不确定已注册的账号信息是否正确，可申请工作人员协助核查账号信息。</Text>
          <PageLink onClick={() => void Taro.navigateTo({ url: APP_PAGES.register })}>注册账号</PageLink>
          <PageLink onClick={() => void Taro.navigateTo({ url: `${APP_PAGES.support}?kind=account-check` })}>申请核查账号信息</PageLink>
        </View>
      )}
      {refusal === 'LEGACY_ACCOUNT' && (
        <View className='links'>
          <PageLink onClick={() => void Taro.navigateTo({ url: APP_PAGES.register })}>注册账号</PageLink>
        </View>
      )}
      <SubmitButton disabled={submission.busy} onClick={onNext}>{submission.busy ? '正在查询…' : '下一步'}</SubmitButton>
    </View>
  );
}
