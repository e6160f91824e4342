/**
 * A labelled choice: radio buttons in a fieldset for a few options (证件有效时间段, 性别), a list for many
 * (民族, 证件类型). The chosen value is always shown in words.
 */
import { Picker, Text, View } from '@tarojs/components';
import { useId } from 'react';
import { FieldFrame, FieldProblem, useFieldIds } from './FieldFrame';
import { isWeb } from './platform';

export type Option = { value: string; label: string };

type Props = {
  label: string;
  options: readonly Option[];
  value: string | null;
  onChange: (value: string) => void;
  problem?: string | null | undefined;
  hint?: string;
  /** Radio buttons for a handful of options, a drop-down list otherwise. */
  display?: 'radio' | 'list';
};

const PLEASE_CHOOSE = '请选择';

export function ChoiceField({ label, options, value, onChange, problem, hint, display = 'list' }: Props) {
  const ids = useFieldIds(hint);
  const { id, hintId, problemId, describedBy } = ids;

  if (isWeb() && display === 'radio') {
    return (
      <fieldset className={`field field--choices${problem ? ' field--invalid' : ''}`} aria-describedby={describedBy}>
        <legend className='field__label field__label--required'>{label}</legend>
        {hint && <p id={hintId} className='field__hint'>{hint}</p>}
        <div className='choices'>
          {options.map((option) => (
            <label key={option.value} className={`choice${value === option.value ? ' choice--chosen' : ''}`}>
              <input
                type='radio'
                name={id}
                value={option.value}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
        <FieldProblem id={problemId} problem={problem} />
      </fieldset>
    );
  }

  const index = options.findIndex((option) => option.value === value);
  return (
    <FieldFrame ids={ids} label={label} hint={hint} problem={problem}>
      {isWeb() ? (
        <select
          id={id}
          className='field__input field__select'
          value={value ?? ''}
          aria-required
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        >
          {value === null && <option value=''>{PLEASE_CHOOSE}</option>}
          {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
        </select>
      ) : (
        <Picker
          mode='selector'
          range={options.map((option) => option.label)}
          value={Math.max(0, index)}
          onChange={(event) => {
            const chosen = options[Number(event.detail.value)];
            if (chosen) onChange(chosen.value);
          }}
        >
          <View className='field__picker' ariaLabel={`${label}：${options[index]?.label ?? PLEASE_CHOOSE}`}>
            {options[index]?.label ?? PLEASE_CHOOSE}
          </View>
        </Picker>
      )}
    </FieldFrame>
  );
}

/** A labelled date (YYYY-MM-DD): the browser's date input on the web, WeChat's date picker in the mini-program. */
export function DateField({ label, value, onChange, problem, hint, max }: {
  label: string; value: string; onChange: (value: string) => void; problem?: string | null | undefined; hint?: string; max?: string;
}) {
  const ids = useFieldIds(hint);
  return (
    <FieldFrame ids={ids} label={label} hint={hint} problem={problem}>
      {isWeb() ? (
        <input
          id={ids.id}
          className='field__input'
          type='date'
          value={value}
          max={max}
          aria-required
          aria-invalid={problem ? true : undefined}
          aria-describedby={ids.describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <Picker mode='date' value={value} {...(max ? { end: max } : {})} onChange={(event) => onChange(String(event.detail.value))}>
          <View className='field__picker' ariaLabel={`${label}：${value || '选择日期'}`}>{value || '选择日期'}</View>
        </Picker>
      )}
    </FieldFrame>
  );
}

/** A labelled checkbox (我已阅读并同意…); its state is said by the box itself and by screen readers. */
export function CheckField({ checked, onChange, children, problem }: {
  checked: boolean; onChange: (checked: boolean) => void; children: React.ReactNode; problem?: string | null | undefined;
}) {
  const id = useId();
  const problemId = `${id}-problem`;
  if (isWeb()) {
    return (
      <div className={`field field--check${problem ? ' field--invalid' : ''}`}>
        <input
          id={id}
          type='checkbox'
          className='check'
          checked={checked}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problemId}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id} className='check__label'>{children}</label>
        <FieldProblem id={problemId} problem={problem} />
      </div>
    );
  }
  return (
    <View className={`field field--check${problem ? ' field--invalid' : ''}`}>
      <View className='check__label' ariaRole='checkbox' ariaLabel={checked ? '已勾选' : '未勾选'} onClick={() => onChange(!checked)}>
        <Text>{checked ? '☑ ' : '☐ '}</Text>
        {children}
      </View>
      <FieldProblem id={problemId} problem={problem} />
    </View>
  );
}
