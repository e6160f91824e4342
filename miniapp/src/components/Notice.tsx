/** A boxed message: an error from the server or a form check, or the result of a request. */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './Notice.css';

type Props = { kind: 'error' | 'success' | 'info'; title?: string; children: ReactNode };

export function Notice({ kind, title, children }: Props) {
  return (
    <View className={`notice notice--${kind}`}>
      {title && <Text className='notice__title'>{title}</Text>}
      <Text className='notice__text'>{children}</Text>
    </View>
  );
}
