/** A labelled text box of several lines (申请的原因, 问题说明), with its problem under it. */
import { Text, Textarea, View } from '@tarojs/components';
import { useId } from 'react';

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
  if (process.env.TARO_ENV === 'h5') {
    // A native textarea, so the label is tied to it for screen readers and the problem is announced.
    return (
      <div className='field'>
        <label className='field__label' htmlFor={id}>{label}</label>
        <textarea
          id={id}
          className='field__textarea'
          value={value}
          placeholder={placeholder}
          maxLength={maxlength}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
        {problem && <p id={`${id}-problem`} className='field__problem' role='alert'>{problem}</p>}
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
        onInput={(event) => onChange(event.detail.value)}
      />
      {problem && <Text className='field__problem'>{problem}</Text>}
    </View>
  );
}
