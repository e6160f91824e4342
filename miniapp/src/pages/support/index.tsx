/**
 * 咨询求助: the FAQ's mail cases as a form staff answer — 核查账号信息 (该用户已注册), 姓名显示为乱码, 性别信息错误,
 * 修改手机（邮箱）信息 (an account that may no longer change its contacts itself) and other questions — with the
 * applicant's name, document, phone, mail, a description and the photo the FAQ asks for. No login needed.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { emailProblem, normalizeEmail, phoneProblem } from '@shared/contacts';
import {
  normalizeIdNumber, RESIDENCE_REGION_LABELS, RESIDENCE_REGIONS, type IdType, type ResidenceRegion,
} from '@shared/id-documents';
import { nameProblem, normalizeName } from '@shared/names';
import { useCallback, useState } from 'react';
import { ChoiceField } from '../../components/ChoiceField';
import { HandheldPhoto } from '../../components/HandheldPhoto';
import { IdDocumentFields } from '../../components/IdDocumentFields';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { PageLink } from '../../components/PageLink';
import { ReasonField } from '../../components/ReasonField';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { useSubmission } from '../../hooks/useSubmission';
import { APP_PAGES } from '../../services/app-pages';
import { idNumberProblemFor } from '../../services/form-rules';
import { ApiError } from '../../services/http';
import { submitSupportRequest, SUPPORT_KINDS, type SupportKind } from '../../services/recovery';
import type { UploadFile } from '../../services/upload';
import { PHOTO_FOR, REPLY_NOTICE, SUPPORT_KIND_LABELS } from './texts';
import '../../styles/recovery.css';

export const MESSAGES = {
  kind: '请选择问题类型',
  description: '请简要说明问题',
  photo: '请上传照片',
  region: '请选择地区',
} as const;

const KIND_OPTIONS = SUPPORT_KINDS.map((kind) => ({ value: kind, label: SUPPORT_KIND_LABELS[kind] }));
const REGION_OPTIONS = RESIDENCE_REGIONS.map((region) => ({ value: region, label: RESIDENCE_REGION_LABELS[region] }));

type Field = 'name' | 'idNumber' | 'region' | 'phone' | 'email' | 'description' | 'photo';
type Problems = Partial<Record<Field, string>>;

function kindFrom(param: string | undefined): SupportKind {
  return (SUPPORT_KINDS as readonly string[]).includes(param ?? '') ? (param as SupportKind) : 'account-check';
}

export default function SupportPage() {
  const { params } = useRouter();
  const [kind, setKind] = useState<SupportKind>(() => kindFrom(params.kind));
  const [idType, setIdType] = useState<IdType>('resident-id');
  const [region, setRegion] = useState<ResidenceRegion | null>(null);
  const [values, setValues] = useState({ name: '', idNumber: '', phone: '', email: '', description: '' });
  const [photo, setPhoto] = useState<UploadFile | null>(null);
  const { problems, setProblems, clear, onEdit } = useFieldProblems<keyof Problems>();

  const set = (field: keyof typeof values) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    clear(field);
  };

  const send = useCallback(() => {
    if (!photo) return Promise.reject(new ApiError('VALIDATION_FAILED', MESSAGES.photo));
    return submitSupportRequest({
      kind,
      name: normalizeName(values.name),
      idType,
      ...(idType === 'residence-permit' && region ? { region } : {}),
      idNumber: normalizeIdNumber(values.idNumber),
      phone: values.phone.trim(),
      email: normalizeEmail(values.email),
      description: values.description.trim(),
    }, photo);
  }, [kind, idType, region, values, photo]);
  const onSubmitted = useCallback(({ id }: { id: string }) => {
    void Taro.redirectTo({ url: `${APP_PAGES.supportStatus}?id=${encodeURIComponent(id)}&submitted=1` });
  }, []);
  const submission = useSubmission(send, onSubmitted);

  const onSubmit = () => {
    const found: Problems = {};
    const check = (field: Field, problem: string | null | undefined) => { if (problem) found[field] = problem; };
    check('name', nameProblem(normalizeName(values.name)));
    check('idNumber', idNumberProblemFor(idType, values.idNumber));
    if (idType === 'residence-permit' && !region) found.region = MESSAGES.region;
    check('phone', phoneProblem(values.phone.trim()));
    check('email', emailProblem(normalizeEmail(values.email)));
    if (!values.description.trim()) found.description = MESSAGES.description;
    if (!photo) found.photo = MESSAGES.photo;
    setProblems(found);
    if (Object.keys(found).length === 0) void submission.submit();
  };

  const fromServer = (submission.error?.details?.fields ?? {}) as Record<string, string | undefined>;
  const problemOf = (field: Field) => problems[field] ?? fromServer[field];

  return (
    <AppShell title='咨询求助'>
      <View className='card'>
        <Text className='card__title'>咨询求助</Text>
        <Text className='card__text'>遇到无法自行解决的账号问题，可在此提交申请，工作人员会在工作日24小时内回复您的邮件。问题解决后，您可自行修改密码。</Text>
      </View>
      <View className='card'>
        <ChoiceField
          label='问题类型'
          options={KIND_OPTIONS}
          value={kind}
          onChange={(value) => setKind(value as SupportKind)}
        />
        <TextField label='本人姓名' maxlength={50} placeholder='请输入姓名' value={values.name} problem={problemOf('name')} onChange={set('name')} />
        <IdDocumentFields
          wording='full'
          idType={idType}
          idNumber={values.idNumber}
          idNumberProblem={problemOf('idNumber')}
          onIdTypeChange={(value) => {
            setIdType(value);
            setProblems({});
          }}
          onIdNumberChange={set('idNumber')}
        >
          {idType === 'residence-permit' && (
            <ChoiceField
              label='地区'
              display='radio'
              options={REGION_OPTIONS}
              value={region}
              problem={problemOf('region')}
              onChange={(value) => {
                setRegion(value as ResidenceRegion);
                clear('region');
              }}
            />
          )}
        </IdDocumentFields>
        <TextField label='有效手机号码' maxlength={11} placeholder='请输入11位手机号码' value={values.phone} problem={problemOf('phone')} onChange={set('phone')} />
        <TextField label='有效邮箱' maxlength={100} placeholder='工作人员将回复至此邮箱' value={values.email} problem={problemOf('email')} onChange={set('email')} />
        <ReasonField label='问题说明' maxlength={1000} placeholder='请简要说明问题' value={values.description} problem={problemOf('description')} onChange={set('description')} />
        <HandheldPhoto
          field='photo'
          label={PHOTO_FOR[kind].label}
          hint={PHOTO_FOR[kind].hint}
          problem={problemOf('photo')}
          onChange={onEdit('photo', setPhoto)}
        />
        <Notice kind='info'>{REPLY_NOTICE}</Notice>
        {submission.error && <Notice kind='error'>{submission.error.message}</Notice>}
        <SubmitButton disabled={submission.busy} onClick={onSubmit}>{submission.busy ? '正在提交…' : '提交'}</SubmitButton>
        <PageLink onClick={() => void Taro.navigateTo({ url: APP_PAGES.supportStatus })}>查询已提交的申请</PageLink>
      </View>
    </AppShell>
  );
}
