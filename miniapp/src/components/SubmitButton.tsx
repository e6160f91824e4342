/**
 * A button: the page's main action, or a plain one. On the web a real <button>, reachable and operable by
 * keyboard; its disabled look comes from a class: H5 renders Taro's Button with disabled="false" as an
 * attribute, so a [disabled] selector would grey out every button there.
 */
import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';
import { isWeb } from './platform';

type Props = {
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
  plain?: boolean;
  /** Names the button for screen readers when its text alone does not say what it does. */
  label?: string;
};

export function SubmitButton({ disabled = false, onClick, children, plain, label }: Props) {
  const className = `button${plain ? ' button--plain' : ''}${disabled ? ' button--disabled' : ''}`;
  if (isWeb()) {
    return (
      <button type='button' className={className} disabled={disabled} aria-label={label} onClick={onClick}>
        {children}
      </button>
    );
  }
  return (
    <Button className={className} disabled={disabled} ariaLabel={label} onClick={onClick}>
      {children}
    </Button>
  );
}
