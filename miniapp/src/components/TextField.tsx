/**
 * A labelled input with its hint and its problem (if any) under it: the one shape of every form field.
 * On the web the label is a real <label for>, the hint and the problem are tied to the input with
 * aria-describedby, the input is marked aria-invalid, and the problem appears inside a live region so
 * that screen readers announce it. The problem is always words, never only a red border.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import { FieldLabel } from './FieldLabel';
import { useId, type ReactNode } from 'react';
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

export function FieldProblem({ id, problem }: { id: string; problem?: string | null | undefined }) {
  if (isWeb()) {
    return (
      <div id={id} className='field__live' aria-live='assertive' aria-atomic='true'>
        {problem && <p className='field__problem'><span aria-hidden='true'>✕ </span><span>{problem}</span></p>}
      </div>
    );
  }
  return problem ? (
    <View className='field__problem' ariaRole='alert'>
      <Text>✕ </Text>
      <Text>{problem}</Text>
    </View>
  ) : null;
}

export function TextField(props: Props) {
  const { label, value, placeholder, maxlength, onChange, problem, kind, hint, autoComplete, required = true, children } = props;
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;

  if (isWeb()) {
    return (
      <div className={`field${problem ? ' field--invalid' : ''}`}>
        <FieldLabel htmlFor={id} required={required}>{label}</FieldLabel>
        {hint && <p id={hintId} className='field__hint'>{hint}</p>}
        <input
          id={id}
          className='field__input'
          type={WEB_INPUT_TYPES[kind ?? 'idcard'] ?? 'text'}
          {...(kind === 'number' ? { inputMode: 'numeric' as const } : {})}
          maxLength={maxlength}
          placeholder={placeholder}
          value={value}
          autoComplete={autoComplete ?? (kind === 'password' ? 'current-password' : 'off')}
          aria-required={required}
          aria-invalid={problem ? true : undefined}
          aria-describedby={[hint ? hintId : '', problemId].filter(Boolean).join(' ')}
          onChange={(event) => onChange(event.target.value)}
        />
        {children}
        <FieldProblem id={problemId} problem={problem} />
      </div>
    );
  }

  const taroType = kind === 'idcard' ? 'idcard' : kind === 'number' || kind === 'tel' ? 'number' : undefined;
  return (
    <View className={`field${problem ? ' field--invalid' : ''}`}>
      <Text className='field__label'>{label}</Text>
      {hint && <Text className='field__hint'>{hint}</Text>}
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
      {children}
      <FieldProblem id={problemId} problem={problem} />
    </View>
  );
}

/** A labelled multi-line text (申请原因), with the same label, hint and problem wiring as TextField. */
export function TextAreaField({ label, value, placeholder, maxlength, onChange, problem, hint }: {
  label: string; value: string; placeholder: string; maxlength: number; onChange: (value: string) => void;
  problem?: string | null | undefined; hint?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  if (isWeb()) {
    return (
      <div className={`field${problem ? ' field--invalid' : ''}`}>
        <FieldLabel htmlFor={id}>{label}</FieldLabel>
        {hint && <p id={hintId} className='field__hint'>{hint}</p>}
        <textarea
          id={id}
          className='field__input field__textarea'
          maxLength={maxlength}
          placeholder={placeholder}
          value={value}
          aria-required
          aria-invalid={problem ? true : undefined}
          aria-describedby={[hint ? hintId : '', problemId].filter(Boolean).join(' ')}
          onChange={(event) => onChange(event.target.value)}
        />
        <FieldProblem id={problemId} problem={problem} />
      </div>
    );
  }
  return (
    <View className={`field${problem ? ' field--invalid' : ''}`}>
      <Text className='field__label'>{label}</Text>
      {hint && <Text className='field__hint'>{hint}</Text>}
      <Textarea className='field__input field__textarea' maxlength={maxlength} placeholder={placeholder} value={value} ariaLabel={label} onInput={(event) => onChange(event.detail.value)} />
      <FieldProblem id={problemId} problem={problem} />
    </View>
  );
}
