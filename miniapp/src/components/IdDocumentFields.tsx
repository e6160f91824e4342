/**
 * 证件类型 and 证件号码, as 忘记密码 (输入账号) and 咨询求助 ask for them. The number is checked against the
 * type, so choosing another type is handed to the page, which clears the problems found so far.
 */
import { ID_TYPE_LABELS, ID_TYPES, type IdType } from '@shared/id-documents';
import type { ReactNode } from 'react';
import { ChoiceField } from './ChoiceField';
import { TextField } from './TextField';

const ID_TYPE_OPTIONS = ID_TYPES.map((idType) => ({ value: idType, label: ID_TYPE_LABELS[idType] }));
const LABELS = {
  short: { idType: '证件类型', idNumber: '证件号码' },
  full: { idType: '有效身份证件类型', idNumber: '有效身份证件号码' },
} as const;

type Props = {
  idType: IdType;
  idNumber: string;
  idNumberProblem: string | null | undefined;
  onIdTypeChange: (idType: IdType) => void;
  onIdNumberChange: (value: string) => void;
  /** 咨询求助 names the fields 有效身份证件类型 and 有效身份证件号码. */
  wording?: 'short' | 'full';
  /** Between the type and the number: the 地区 that a 居住证 asks for. */
  children?: ReactNode;
};

export function IdDocumentFields({ idType, idNumber, idNumberProblem, onIdTypeChange, onIdNumberChange, wording = 'short', children }: Props) {
  const labels = LABELS[wording];
  return (
    <>
      <ChoiceField
        label={labels.idType}
        options={ID_TYPE_OPTIONS}
        value={idType}
        onChange={(value) => onIdTypeChange(value as IdType)}
      />
      {children}
      <TextField
        label={labels.idNumber}
        kind='idcard'
        maxlength={18}
        placeholder='请输入证件号码'
        value={idNumber}
        problem={idNumberProblem}
        onChange={onIdNumberChange}
      />
    </>
  );
}
