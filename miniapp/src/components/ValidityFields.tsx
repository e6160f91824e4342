/**
 * 身份证件有效时间段, 有效开始日期 and the 截止日期 the system works out from them, as 个人信息 and 人工审核 ask
 * for them (registration has its own: it takes the choices from the server and announces the end date).
 */
import { Text, View } from '@tarojs/components';
import { shanghaiDate } from '@shared/dates';
import { VALIDITY_LABELS, VALIDITY_OPTIONS, validTo, type IdType, type Validity } from '@shared/id-documents';
import { ChoiceField, DateField } from './ChoiceField';

type Props = {
  idType: IdType;
  validity: Validity | null;
  validFrom: string;
  problems: { validity?: string | undefined; validFrom?: string | undefined };
  onValidityChange: (validity: Validity) => void;
  onValidFromChange: (validFrom: string) => void;
};

export function ValidityFields({ idType, validity, validFrom, problems, onValidityChange, onValidFromChange }: Props) {
  const validUntil = validity && validFrom ? validTo(validity, validFrom) : null;
  return (
    <>
      <ChoiceField
        label='身份证件有效时间段'
        display='radio'
        options={VALIDITY_OPTIONS[idType].map((value) => ({ value, label: VALIDITY_LABELS[value] }))}
        value={validity}
        problem={problems.validity}
        onChange={(value) => onValidityChange(value as Validity)}
      />
      <DateField label='身份证件有效开始日期' value={validFrom} max={shanghaiDate()} problem={problems.validFrom} onChange={onValidFromChange} />
      <View className='field'>
        <Text className='field__label'>身份证件有效截止日期（系统自动生成）</Text>
        <Text className='field__value'>{validity === 'long' ? '长期' : validUntil ?? '选择有效时间段和开始日期后自动生成'}</Text>
      </View>
    </>
  );
}
