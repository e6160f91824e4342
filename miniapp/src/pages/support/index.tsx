/**
 * 咨询求助: the FAQ's mail cases as a form staff answer — 核查账号信息 (该用户已注册), 姓名显示为乱码, 性别信息错误,
 * 修改手机（邮箱）信息 (an account that may no longer change its contacts itself) and other questions — with the
 * applicant's name, document, phone, mail, a description and the photo the FAQ asks for. No login needed.
 */
import { Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { emailProblem, normalizeEmail, phoneProblem } from '@shared/contacts';
import {
  ID_TYPE_LABELS, ID_TYPES, normalizeIdNumber, RESIDENCE_REGION_LABELS, RESIDENCE_REGIONS, type ResidenceRegion,
} from '@shared/id-documents';
import { nameProblem, normalizeName } from '@shared/names';
import { useCallback, useState } from 'react';
import { HandheldPhoto } from '../../components/HandheldPhoto';
import { Notice } from '../../components/Notice';
import { PageLink } from '../../components/PageLink';
import { ReasonField } from '../../components/ReasonField';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
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

const KIND_NAMES = SUPPORT_KINDS.map((kind) => SUPPORT_KIND_LABELS[kind]);
const ID_TYPE_NAMES = ID_TYPES.map((idType) => ID_TYPE_LABELS[idType]);
const REGION_NAMES = RESIDENCE_REGIONS.map((region) => RESIDENCE_REGION_LABELS[region]);

type Field = 'name' | 'idNumber' | 'region' | 'phone' | 'email' | 'description' | 'photo';
type Problems = Partial<Record<Field, string>>;

function kindFrom(param: string | undefined): SupportKind {
  return (SUPPORT_KINDS as readonly string[]).includes(param ?? '') ? (param as SupportKind) : 'account-check';
}

export default function SupportPage() {
  const { params } = useRouter();
  const [kind, setKind] = useState<SupportKind>(() => kindFrom(params.kind));
  const [idTypeIndex, setIdTypeIndex] = useState(0);
  const [region, setRegion] = useState<ResidenceRegion | null>(null);
  const [values, setValues] = useState({ name: '', idNumber: '', phone: '', email: '', description: '' });
  const [photo, setPhoto] = useState<UploadFile | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const idType = ID_TYPES[idTypeIndex] ?? 'resident-id';

  const set = (field: keyof typeof values) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setProblems((current) => ({ ...current, [field]: undefined }));
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
    <View className='page'>
      <View className='card'>
        <Text className='card__title'>咨询求助</Text>
        <Text className='card__text'>遇到无法自行解决的账号问题，可在此提交申请，工作人员会在工作日24小时内回复您的邮件。问题解决后，您可自行修改密码。</Text>
      </View>
      <View className='card'>
        <View className='field'>
          <Text className='field__label'>*问题类型</Text>
          <Picker mode='selector' range={KIND_NAMES} value={SUPPORT_KINDS.indexOf(kind)} onChange={(event) => setKind(SUPPORT_KINDS[Number(event.detail.value)] ?? 'other')}>
            <View className='field__picker'>{SUPPORT_KIND_LABELS[kind]}</View>
          </Picker>
        </View>
        <TextField label='*本人姓名' maxlength={50} placeholder='请输入姓名' value={values.name} problem={problemOf('name')} onChange={set('name')} />
        <View className='field'>
          <Text className='field__label'>*有效身份证件类型</Text>
          <Picker mode='selector' range={ID_TYPE_NAMES} value={idTypeIndex} onChange={(event) => { setIdTypeIndex(Number(event.detail.value)); setProblems({}); }}>
            <View className='field__picker'>{ID_TYPE_LABELS[idType]}</View>
          </Picker>
        </View>
        {idType === 'residence-permit' && (
          <View className='field'>
            <Text className='field__label'>*地区</Text>
            <Picker mode='selector' range={REGION_NAMES} value={region ? RESIDENCE_REGIONS.indexOf(region) : 0} onChange={(event) => { setRegion(RESIDENCE_REGIONS[Number(event.detail.value)] ?? null); setProblems((c) => ({ ...c, region: undefined })); }}>
              <View className='field__picker'>{region ? RESIDENCE_REGION_LABELS[region] : '请选择'}</View>
            </Picker>
            {problemOf('region') && <Text className='field__problem'>{problemOf('region')}</Text>}
          </View>
        )}
        <TextField label='*有效身份证件号码' kind='idcard' maxlength={18} placeholder='请输入证件号码' value={values.idNumber} problem={problemOf('idNumber')} onChange={set('idNumber')} />
        <TextField label='*有效手机号码' maxlength={11} placeholder='请输入11位手机号码' value={values.phone} problem={problemOf('phone')} onChange={set('phone')} />
        <TextField label='*有效邮箱' maxlength={100} placeholder='工作人员将回复至此邮箱' value={values.email} problem={problemOf('email')} onChange={set('email')} />
        <ReasonField label='*问题说明' maxlength={1000} placeholder='请简要说明问题' value={values.description} problem={problemOf('description')} onChange={set('description')} />
        <HandheldPhoto
          field='photo'
          label={PHOTO_FOR[kind].label}
          hint={PHOTO_FOR[kind].hint}
          problem={problemOf('photo')}
          onChange={(file) => { setPhoto(file); setProblems((c) => ({ ...c, photo: undefined })); }}
        />
        <Notice kind='info'>{REPLY_NOTICE}</Notice>
        {submission.error && <Notice kind='error'>{submission.error.message}</Notice>}
        <SubmitButton disabled={submission.busy} onClick={onSubmit}>{submission.busy ? '正在提交…' : '提交'}</SubmitButton>
        <PageLink onClick={() => void Taro.navigateTo({ url: APP_PAGES.supportStatus })}>查询已提交的申请</PageLink>
      </View>
    </View>
  );
}
