/** A labelled input with its problem (if any) under it: the one shape of every form field in the pages. */
import { Input, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

type Props = {
  label: string;
  value: string;
  placeholder: string;
  maxlength: number;
  onChange: (value: string) => void;
  problem?: string | null | undefined;
  kind?: 'idcard' | 'password';
  /** Shown under the input, before the problem: the password rule, for instance. */
  children?: ReactNode;
};

export function TextField({ label, value, placeholder, maxlength, onChange, problem, kind, children }: Props) {
  return (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Input
        className='field__input'
        {...(kind === 'idcard' ? { type: 'idcard' as const } : {})}
        password={kind === 'password'}
        maxlength={maxlength}
        placeholder={placeholder}
        value={value}
        onInput={(event) => onChange(event.detail.value)}
      />
      {children}
      {problem && <Text className='field__problem'>{problem}</Text>}
    </View>
  );
}
