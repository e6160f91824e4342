/**
 * A labelled input with its hint and its problem (if any) under it, in the shared FieldFrame; on the web
 * the input is marked aria-invalid and described by its hint and problem.
 */
import { Input, Textarea } from '@tarojs/components';
import type { ReactNode } from 'react';
import { FieldFrame, useFieldIds } from './FieldFrame';
import { isWeb } from './platform';

type Props = {
  label: string;
  value: string;
  placeholder: string;
  maxlength: number;
  onChange: (value: string) => void;
  problem?: string | null | undefined;
  kind?: 'idcard' | 'password' | 'email' | 'tel' | 'number';
  /** A format hint shown under the label (the manual's 请准确填写身份证件号码, for instance). */
  hint?: string;
  /** The browser's autofill purpose: off for one-time codes, new-password on registration… */
  autoComplete?: string;
  required?: boolean;
  /** Shown under the input, before the problem: the password rule, for instance. */
  children?: ReactNode;
};

const WEB_INPUT_TYPES = { idcard: 'text', password: 'password', email: 'email', tel: 'tel', number: 'text' } as const;

export function TextField(props: Props) {
  const { label, value, placeholder, maxlength, onChange, problem, kind, hint, autoComplete, required = true, children } = props;
  const ids = useFieldIds(hint);
  const taroType = kind === 'idcard' ? 'idcard' : kind === 'number' || kind === 'tel' ? 'number' : undefined;

  return (
    <FieldFrame ids={ids} label={label} hint={hint} problem={problem} required={required}>
      {isWeb() ? (
        <input
          id={ids.id}
          className='field__input'
          type={WEB_INPUT_TYPES[kind ?? 'idcard'] ?? 'text'}
          {...(kind === 'number' ? { inputMode: 'numeric' as const } : {})}
          maxLength={maxlength}
          placeholder={placeholder}
          value={value}
          autoComplete={autoComplete ?? (kind === 'password' ? 'current-password' : 'off')}
          aria-required={required}
          aria-invalid={problem ? true : undefined}
          aria-describedby={ids.describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <Input
          className='field__input'
          {...(taroType ? { type: taroType } : {})}
          password={kind === 'password'}
          maxlength={maxlength}
          placeholder={placeholder}
          value={value}
          ariaLabel={label}
          onInput={(event) => onChange(event.detail.value)}
        />
      )}
      {children}
    </FieldFrame>
  );
}

/** A labelled multi-line text (申请原因), with the same label, hint and problem wiring as TextField. */
export function TextAreaField({ label, value, placeholder, maxlength, onChange, problem, hint }: {
  label: string; value: string; placeholder: string; maxlength: number; onChange: (value: string) => void;
  problem?: string | null | undefined; hint?: string;
}) {
  const ids = useFieldIds(hint);
  return (
    <FieldFrame ids={ids} label={label} hint={hint} problem={problem}>
      {isWeb() ? (
        <textarea
          id={ids.id}
          className='field__input field__textarea'
          maxLength={maxlength}
          placeholder={placeholder}
          value={value}
          aria-required
          aria-invalid={problem ? true : undefined}
          aria-describedby={ids.describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <Textarea className='field__input field__textarea' maxlength={maxlength} placeholder={placeholder} value={value} ariaLabel={label} onInput={(event) => onChange(event.detail.value)} />
      )}
    </FieldFrame>
  );
}
