/**
 * 人工审核 (manual 2.3.2): validity and its start, the three photos (A side, B side, handheld) checked and
 * compressed in the app, 申请原因, the 您还剩N次机会 confirmation, then the 7-working-day notice; the status
 * (pending with its deadline, approved, rejected with the reviewer's reason) when the applicant comes back.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ID_TYPE_LABELS, type Validity } from '@shared/id-documents';
import { useCallback, useEffect, useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { Facts } from '../../components/Facts';
import { Notice } from '../../components/Notice';
import { PhotoPicker } from '../../components/PhotoPicker';
import { Steps } from '../../components/Steps';
import { SubmitButton } from '../../components/SubmitButton';
import { TextAreaField } from '../../components/TextField';
import { ValidityFields } from '../../components/ValidityFields';
import { useConfirmedSubmit } from '../../hooks/useConfirmedSubmit';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { useMe } from '../../hooks/useMe';
import { loadVerification, submitManualReview, type VerificationState } from '../../services/account';
import { asApiError } from '../../services/http';
import type { PreparedPhoto } from '../../services/photo';
import { ROUTES } from '../../services/routes';
import {
  REVIEW_DEADLINE_NOTE, REVIEW_INSTRUCTIONS, REVIEW_PERIOD_NOTE, REVIEW_PHOTO_CHECK, reviewConfirmation, STATUS_LINES,
} from '../guidance';

/** The three photos of the form, named as the server's multipart fields. */
export const REVIEW_PHOTOS = [
  { field: 'idFront', label: '上传身份证件A面照片' },
  { field: 'idBack', label: '上传身份证件B面照片' },
  { field: 'handheld', label: '上传本人手持身份证件照片' },
] as const;
type PhotoField = (typeof REVIEW_PHOTOS)[number]['field'];

export const REVIEW_SUBMITTED = '您已提交人工审核，请耐心等待';

type Problems = Partial<Record<PhotoField | 'validity' | 'validFrom' | 'reason', string>>;

export default function ReviewPage() {
  const { me, error, reload } = useMe();
  const [state, setState] = useState<VerificationState | null>(null);
  const [validity, setValidity] = useState<Validity | null>(null);
  const [validFrom, setValidFrom] = useState('');
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<Partial<Record<PhotoField, PreparedPhoto | null>>>({});
  const { problems, setProblems, clear, onEdit } = useFieldProblems<keyof Problems>();
  const [failure, setFailure] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setState(await loadVerification());
    } catch (thrown) {
      setFailure(asApiError(thrown).message);
    }
  }, []);

  const { confirming, setConfirming, busy, submit } = useConfirmedSubmit(async () => {
    await reload();
    await refresh();
  }, setFailure);

  useEffect(() => {
    if (!me) return;
    setValidity((current) => current ?? me.validity);
    setValidFrom((current) => current || (me.validFrom ?? ''));
    void refresh();
  }, [me, refresh]);

  const check = () => {
    const found: Problems = {};
    if (!validity) found.validity = '请选择身份证件有效时间段';
    if (!validFrom) found.validFrom = '请选择身份证件有效开始日期';
    for (const { field, label } of REVIEW_PHOTOS) {
      if (!photos[field]) found[field] = `请${label}`;
    }
    if (!reason.trim()) found.reason = '请填写申请原因';
    setProblems(found);
    setFailure(null);
    if (!Object.values(found).some(Boolean)) setConfirming(true);
  };

  const onConfirm = async () => {
    if (!validity) return;
    await submit(async () => {
      await submitManualReview({ validity, validFrom, reason: reason.trim() }, REVIEW_PHOTOS.map(({ field }) => {
        const photo = photos[field];
        if (!photo) throw new Error(`missing ${field}`);
        return { field, filename: `${field}.jpg`, type: 'image/jpeg', data: photo.data };
      }));
      setSubmitted(true);
    });
  };

  const status = me?.verification.status ?? 'unverified';
  const left = state?.manualReviewsLeft ?? null;
  const canSubmit = status !== 'manual-pending' && status !== 'verified' && status !== 'manual-approved' && left !== 0;

  return (
    <AppShell title='人工审核'>
      {error && <Notice kind='error'>{error}</Notice>}
      {submitted && (
        <Notice kind='success' title={REVIEW_SUBMITTED}>{REVIEW_DEADLINE_NOTE}</Notice>
      )}
      {me && (
        <View className='card'>
          <Text className='card__title'>{STATUS_LINES[status] ?? ''}</Text>
          {status === 'manual-rejected' && (
            <Notice kind='error' title='人工审核不通过'>
              {`不通过原因：${me.verification.reason ?? '未说明'}。您可按不通过原因修改信息后重新提交人工审核。`}
            </Notice>
          )}
          {status === 'manual-pending' && (
            <Text className='card__text'>
              {state?.pendingReview ? `审核结论将在${state.pendingReview.dueBy}之前给出（7个工作日之内）。` : REVIEW_DEADLINE_NOTE}
            </Text>
          )}
          {status === 'manual-approved' && <Notice kind='success' title='人工审核通过'>可正常办理业务。如有需要，仍可进行实名认证。</Notice>}
          {left !== null && <Text className='card__text'>{`本周期（${state?.period.from ?? ''}至${state?.period.to ?? ''}）您还可以申请${left}次人工审核。`}</Text>}
          {left === 0 && status !== 'manual-pending' && <Notice kind='error'>1月1日到8月31日、9月1日到12月31日，每个周期您最多只可以申请三次人工审核，本周期次数已用完。</Notice>}
          <Facts rows={[['证件类型', ID_TYPE_LABELS[me.idType]], ['证件号码', me.idNumber], ['姓名', me.name]]} />
        </View>
      )}
      {me && canSubmit && !submitted && (
        <View className='card'>
          <Text className='card__title'>中国教师资格网——人工审核</Text>
          <Text className='card__text'>{REVIEW_DEADLINE_NOTE}</Text>
          <ValidityFields
            idType={me.idType}
            validity={validity}
            validFrom={validFrom}
            problems={problems}
            onValidityChange={onEdit('validity', setValidity)}
            onValidFromChange={onEdit('validFrom', setValidFrom)}
          />
          {REVIEW_PHOTOS.map(({ field, label }) => (
            <PhotoPicker
              key={field}
              label={label}
              photo={photos[field] ?? null}
              problem={problems[field]}
              onChange={(photo) => {
                setPhotos((current) => ({ ...current, [field]: photo }));
                clear(field);
              }}
            />
          ))}
          <TextAreaField label='申请原因' maxlength={500} placeholder='请简要说明申请人工审核的原因' value={reason} problem={problems.reason} onChange={onEdit('reason', setReason)} />
          {confirming && (
            <View className='dialog' ariaRole='alertdialog' ariaLabel='人工审核确认'>
              <Text className='card__title'>请确认</Text>
              <Text className='card__text'>{REVIEW_PHOTO_CHECK}</Text>
              <Text className='card__text'>{reviewConfirmation(left ?? 0)}</Text>
              <View className='button-row'>
                <SubmitButton disabled={busy} onClick={() => void onConfirm()}>{busy ? '正在提交…' : '确认提交'}</SubmitButton>
                <SubmitButton plain onClick={() => setConfirming(false)}>返回检查</SubmitButton>
              </View>
            </View>
          )}
          {failure && <Notice kind='error'>{failure}</Notice>}
          {!confirming && <SubmitButton onClick={check}>申请人工审核</SubmitButton>}
        </View>
      )}
      <View className='card'>
        <Text className='card__title'>操作说明</Text>
        <Steps items={REVIEW_INSTRUCTIONS} />
        <Text className='card__text'>{REVIEW_PERIOD_NOTE}</Text>
        <SubmitButton plain onClick={() => void Taro.redirectTo({ url: ROUTES.verify })}>返回实名认证</SubmitButton>
      </View>
    </AppShell>
  );
}
