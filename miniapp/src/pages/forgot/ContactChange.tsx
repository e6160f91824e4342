/**
 * 修改账号绑定的联系方式 (manual 2.2.2, 2)): a. 修改邮箱地址 or b. 修改手机号码 — the new contact with a code sent to it,
 * the handheld photo and the reason; staff decide within 1 working day and tell the applicant at the new contact.
 * An account with an 认定 or 定期注册 application is refused (ENROLLED) and pointed to 咨询求助.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { emailProblem, normalizeEmail, phoneProblem } from '@shared/contacts';
import { MESSAGES } from '@shared/reference-data';
import { useCallback, useState } from 'react';
import { HandheldPhoto } from '../../components/HandheldPhoto';
import { Notice } from '../../components/Notice';
import { PageLink } from '../../components/PageLink';
import { ReasonField } from '../../components/ReasonField';
import { Captcha } from '../../components/Captcha';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useCountdown } from '../../hooks/useCountdown';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { useSubmission } from '../../hooks/useSubmission';
import { APP_PAGES } from '../../services/app-pages';
import { ApiError } from '../../services/http';
import { sendContactCode, submitContactChange, type ContactKind, type Submitted } from '../../services/recovery';
import type { UploadFile } from '../../services/upload';
import { CODE_FORMAT_MESSAGE, RESEND_AFTER_SECONDS } from './CodeReset';

const WORDS = {
  email: { title: '修改邮箱地址', field: '新的邮箱地址', placeholder: '请输入新的邮箱地址', send: '邮箱获取验证码', sentTo: '新的邮箱地址' },
  phone: { title: '修改手机号码', field: '新的手机号码', placeholder: '请输入11位手机号码', send: '免费获取验证码', sentTo: '新的手机号' },
} as const;

export const NO_PHOTO_MESSAGE = '请上传本人手持身份照片';
export const NO_REASON_MESSAGE = '请填写申请原因';
export const SUPPORT_FOR_ENROLLED = '咨询求助：申请修改手机（邮箱）信息';

type Problems = { newValue?: string; code?: string; photo?: string; reason?: string };

const normalized = (kind: ContactKind, raw: string) => (kind === 'email' ? normalizeEmail(raw) : raw.trim());
const contactProblem = (kind: ContactKind, value: string) => (kind === 'email' ? emailProblem(value) : phoneProblem(value));

type Props = { resetId: string; kind: ContactKind; onSubmitted: (submitted: Submitted) => void; onBack: () => void };

export function ContactChange({ resetId, kind, onSubmitted, onBack }: Props) {
  const words = WORDS[kind];
  const [newValue, setNewValue] = useState('');
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [photo, setPhoto] = useState<UploadFile | null>(null);
  const { problems, setProblems, onEdit } = useFieldProblems<keyof Problems>();
  const [codeSent, setCodeSent] = useState(false);
  const { secondsLeft, start: startCountdown } = useCountdown();

  // A code to the new contact takes a solved puzzle first.
  const sendCode = useCallback((captchaToken?: string) => {
    if (!captchaToken) return Promise.reject(new ApiError('CAPTCHA_REQUIRED', MESSAGES.captchaRequired));
    return sendContactCode(kind, normalized(kind, newValue), captchaToken);
  }, [kind, newValue]);
  const onCodeSent = useCallback(() => {
    setCodeSent(true);
    startCountdown(RESEND_AFTER_SECONDS);
  }, [startCountdown]);
  const sending = useSubmission(sendCode, onCodeSent);

  const submit = useCallback(() => {
    if (!photo) return Promise.reject(new ApiError('VALIDATION_FAILED', NO_PHOTO_MESSAGE));
    return submitContactChange({ resetId, kind, newValue: normalized(kind, newValue), code: code.trim(), reason: reason.trim() }, photo);
  }, [resetId, kind, newValue, code, reason, photo]);
  const submission = useSubmission(submit, onSubmitted);

  const onSendCode = () => {
    const problem = contactProblem(kind, normalized(kind, newValue));
    setProblems((current) => ({ ...current, newValue: problem ?? undefined }));
    if (!problem) void sending.submit();
  };

  const onSubmit = () => {
    const found: Problems = {};
    const problem = contactProblem(kind, normalized(kind, newValue));
    if (problem) found.newValue = problem;
    if (!/^\d{6}$/.test(code.trim())) found.code = CODE_FORMAT_MESSAGE;
    if (!photo) found.photo = NO_PHOTO_MESSAGE;
    if (!reason.trim()) found.reason = NO_REASON_MESSAGE;
    setProblems(found);
    if (Object.keys(found).length === 0) void submission.submit();
  };

  let sendLabel: string = words.send;
  if (sending.busy) sendLabel = '正在发送…';
  else if (secondsLeft > 0) sendLabel = `${secondsLeft}秒后可重新获取`;
  const serverProblem = submission.error?.details?.fields ?? {};

  return (
    <View className='card'>
      <Text className='card__title'>{words.title}</Text>
      <Text className='card__text'>如果注册账号时使用的邮箱或手机号信息发生变化，无法自行完成密码重置，可提交修改账号绑定的联系方式申请，经由人工审核通过后，再使用新的联系方式进行重置密码操作。</Text>
      <TextField
        label={words.field}
        maxlength={kind === 'email' ? 100 : 11}
        placeholder={words.placeholder}
        value={newValue}
        problem={problems.newValue ?? serverProblem.newValue}
        onChange={onEdit('newValue', setNewValue)}
      />
      <TextField
        label='验证码'
        maxlength={6}
        placeholder='请输入6位数字验证码'
        value={code}
        problem={problems.code ?? serverProblem.code}
        onChange={onEdit('code', setCode)}
      />
      <SubmitButton disabled={sending.busy || secondsLeft > 0} onClick={onSendCode}>{sendLabel}</SubmitButton>
      {sending.captchaNeeded && <Captcha onSolved={(token) => void sending.submit(token)} />}
      {sending.error && <Notice kind={sending.error.code === 'CAPTCHA_REQUIRED' ? 'info' : 'error'}>{sending.error.message}</Notice>}
      {codeSent && !sending.error && (
        <Notice kind='success'>{kind === 'email' ? '验证码已发送至新的邮箱地址，请注意查收，有效期为5分钟' : `${MESSAGES.smsSent}（有效期为5分钟）`}</Notice>
      )}
      <HandheldPhoto
        field='photo'
        problem={problems.photo}
        onChange={onEdit('photo', setPhoto)}
      />
      <ReasonField
        label='申请的原因'
        maxlength={500}
        placeholder='请说明原邮箱或手机号码无法使用的原因'
        value={reason}
        problem={problems.reason ?? serverProblem.reason}
        onChange={onEdit('reason', setReason)}
      />
      <Notice kind='info' title='当前状态：待提交'>
        {`提交成功后需经工作人员审核，预计将在1个工作日内完成，审核结果将发送至${words.sentTo}，请及时关注！`}
      </Notice>
      {submission.error && <Notice kind='error'>{submission.error.message}</Notice>}
      {submission.error?.code === 'ENROLLED' && (
        <View className='links'>
          <Text className='card__text'>如您无法登录账号自行修改，请通过咨询求助提交“申请修改手机（邮箱）信息”，工作人员将协助处理。</Text>
          <PageLink onClick={() => void Taro.navigateTo({ url: `${APP_PAGES.support}?kind=contact-info` })}>{SUPPORT_FOR_ENROLLED}</PageLink>
        </View>
      )}
      <SubmitButton disabled={submission.busy} onClick={onSubmit}>{submission.busy ? '正在提交…' : '提交'}</SubmitButton>
      <PageLink onClick={onBack}>返回</PageLink>
    </View>
  );
}
