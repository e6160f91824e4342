/** The page shown once a flow has succeeded: its notice and the way back, in the app's frame. */
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import { AppShell } from './AppShell';
import { Notice } from './Notice';
import { SubmitButton } from './SubmitButton';

export function Done({ title, children }: { title: string; children: ReactNode }) {
  return (
    <AppShell title={title}>
      <Notice kind='success'>{children}</Notice>
      <SubmitButton plain onClick={() => void Taro.navigateBack()}>返回</SubmitButton>
    </AppShell>
  );
}
