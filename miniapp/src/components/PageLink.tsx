/**
 * A text link that does something in the app (opens a page, goes back a step). On the web a real button, so
 * it is reached with Tab and pressed with Enter or Space; in the mini-program a tappable text.
 */
import { Text } from '@tarojs/components';
import type { ReactNode } from 'react';

export function PageLink({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  if (process.env.TARO_ENV === 'h5') {
    return <button type='button' className='link page-link' onClick={onClick}>{children}</button>;
  }
  return <Text className='link page-link' onClick={onClick}>{children}</Text>;
}
