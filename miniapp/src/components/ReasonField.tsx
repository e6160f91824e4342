/** A labelled text box of several lines (申请的原因, 问题说明), with its problem under it. */
import { Text, Textarea, View } from '@tarojs/components';
import { FieldLabel } from './FieldLabel';
import { useId } from 'react';
import { isWeb } from './platform';
import { FieldProblem } from './FieldFrame';

type Props = {
  label: string;
  value: string;
  placeholder: string;
  maxlength: number;
  onChange: (value: string) => void;
  problem?: string | null | undefined;
};

export function ReasonField({ label, value, placeholder, maxlength, onChange, problem }: Props) {
  const id = useId();
  if (isWeb()) {
    // A native textarea, so the label is tied to it for screen readers and the problem is announced.
    return (
      <div className={`field${problem ? ' field--invalid' : ''}`}>
        <FieldLabel htmlFor={id}>{label}</FieldLabel>
        <textarea
          id={id}
          className='field__textarea'
          value={value}
          placeholder={placeholder}
          maxLength={maxlength}
          aria-required
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-problem`}
          onChange={(event) => onChange(event.target.value)}
        />
        <FieldProblem id={`${id}-problem`} problem={problem} />
      </div>
    );
  }
  return (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Textarea
        className='field__textarea'
        value={value}
        placeholder={placeholder}
        maxlength={maxlength}
        ariaLabel={label}
        onInput={(event) => onChange(event.detail.value)}
      />
      <FieldProblem id={`${id}-problem`} problem={problem} />
    </View>
  );
}
