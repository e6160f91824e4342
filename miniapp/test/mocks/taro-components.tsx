/** Plain DOM stand-ins for the Taro components the pages use, passing on the props that matter. */
import type { CSSProperties, ReactNode, TouchEvent } from 'react';

type Common = {
  children?: ReactNode;
  className?: string;
  style?: CSSProperties;
  onClick?: () => void;
  /** WeChat's accessibility attributes, rendered as the web's. */
  ariaLabel?: string;
  ariaRole?: string;
};

/** ariaLabel / ariaRole as aria-label / role, as the mini-program's screen reader would read them. */
function aria<T extends { ariaLabel?: string; ariaRole?: string }>({ ariaLabel, ariaRole, ...rest }: T) {
  return { ...rest, ...(ariaLabel ? { 'aria-label': ariaLabel } : {}), ...(ariaRole ? { role: ariaRole } : {}) };
}

type Touchable = Common & {
  onTouchStart?: (event: TouchEvent) => void;
  onTouchMove?: (event: TouchEvent) => void;
  onTouchEnd?: (event: TouchEvent) => void;
  onTouchCancel?: (event: TouchEvent) => void;
};

export function View({ children, ...props }: Touchable) {
  return <div {...aria(props)}>{children}</div>;
}

export function Text({ children, ...props }: Common) {
  return <span {...aria(props)}>{children}</span>;
}

export function Button({ children, disabled, loading, ...props }: Common & { disabled?: boolean; loading?: boolean }) {
  return <button type='button' disabled={disabled} data-loading={loading ? 'true' : undefined} {...aria(props)}>{children}</button>;
}

type InputProps = {
  className?: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  maxlength?: number;
  type?: string;
  onInput?: (event: { detail: { value: string } }) => void;
};

export function Input({ value, placeholder, password, maxlength, className, onInput }: InputProps) {
  return (
    <input
      className={className}
      type={password ? 'password' : 'text'}
      value={value}
      placeholder={placeholder}
      maxLength={maxlength}
      onChange={(event) => onInput?.({ detail: { value: event.target.value } })}
    />
  );
}

type PickerProps = {
  range: string[];
  value: number;
  children?: ReactNode;
  onChange?: (event: { detail: { value: string } }) => void;
};

export function Picker({ range, value, children, onChange }: PickerProps) {
  return (
    <label>
      <select aria-label='picker' value={value} onChange={(event) => onChange?.({ detail: { value: event.target.value } })}>
        {range.map((label, index) => <option key={label} value={index}>{label}</option>)}
      </select>
      {children}
    </label>
  );
}

export function Image({ src, className, style }: { src: string; className?: string; style?: CSSProperties }) {
  return <img src={src} className={className} style={style} alt='' />;
}

type TextareaProps = {
  className?: string;
  value?: string;
  placeholder?: string;
  maxlength?: number;
  onInput?: (event: { detail: { value: string } }) => void;
};

export function Textarea({ value, placeholder, maxlength, className, onInput }: TextareaProps) {
  return (
    <textarea
      className={className}
      value={value}
      placeholder={placeholder}
      maxLength={maxlength}
      onChange={(event) => onInput?.({ detail: { value: event.target.value } })}
    />
  );
}
