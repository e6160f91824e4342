/**
 * The page's main button. Its disabled look comes from a class: H5 renders Button with disabled="false"
 * as an attribute, so a [disabled] selector would grey out every button there.
 */
import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';

type Props = { disabled: boolean; onClick: () => void; children: ReactNode };

export function SubmitButton({ disabled, onClick, children }: Props) {
  return (
    <Button className={`button${disabled ? ' button--disabled' : ''}`} disabled={disabled} onClick={onClick}>
      {children}
    </Button>
  );
}
