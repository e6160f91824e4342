/** The page shown once a flow has succeeded: its notice and the way back. */
import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import { Notice } from './Notice';

export function Done({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View className='page'>
      <Notice kind='success' title={title}>{children}</Notice>
      <Button className='button button--plain' onClick={() => void Taro.navigateBack()}>返回</Button>
    </View>
  );
}
