/** Whether this WeChat user has an account bound, read from the session each time the page shows. */
import { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { asApiError } from '../services/http';
import { wechatSession } from '../services/wechat';

export type Binding = { bound: boolean | null; error: string | null };

export function useWechatBinding(): Binding {
  const [binding, setBinding] = useState<Binding>({ bound: null, error: null });
  const latestCall = useRef(0);

  useDidShow(() => {
    const call = ++latestCall.current;
    wechatSession().then(
      (session) => call === latestCall.current && setBinding({ bound: session.bound, error: null }),
      (thrown: unknown) => call === latestCall.current && setBinding({ bound: null, error: asApiError(thrown).message }),
    );
  });
  return binding;
}
