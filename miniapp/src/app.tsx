import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { wechatSession } from './services/wechat';
import './app.css';

function App({ children }: PropsWithChildren) {
  // Log in as soon as the mini-program opens; a failure is shown by the page that needs the session.
  useLaunch(() => {
    wechatSession().catch(() => undefined);
  });
  return children;
}

export default App;
