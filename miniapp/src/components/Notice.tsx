/**
 * A boxed message: an error from the server or a form check, or the result of a request. Its kind is
 * said in words (错误 / 成功 / 提示) as well as by colour, and it is announced to screen readers when it
 * appears: errors at once (role=alert), the others politely (role=status).
 */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { isWeb } from './platform';
import './Notice.css';

type Kind = 'error' | 'success' | 'info';
type Props = { kind: Kind; title?: string; children?: ReactNode };

export const KIND_WORDS: Record<Kind, string> = { error: '错误', success: '成功', info: '提示' };
const KIND_MARKS: Record<Kind, string> = { error: '✕', success: '✓', info: 'ℹ' };

export function Notice({ kind, title, children }: Props) {
  const kindWords = `${KIND_MARKS[kind]} ${KIND_WORDS[kind]}${title ? '：' : ''}`;
  if (isWeb()) {
    return (
      <div className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
        <p className='notice__title'><span className='notice__kind'>{kindWords}</span>{title && <span>{title}</span>}</p>
        {children !== undefined && children !== null && <div className='notice__text'>{children}</div>}
      </div>
    );
  }
  return (
    <View className={`notice notice--${kind}`} ariaRole={kind === 'error' ? 'alert' : 'status'}>
      <View className='notice__title'>
        <Text className='notice__kind'>{kindWords}</Text>
        {title && <Text>{title}</Text>}
      </View>
      {children !== undefined && children !== null && <Text className='notice__text'>{children}</Text>}
    </View>
  );
}
