/**
 * Whether this WeChat user has an account bound, read from the session each time the page shows. A service-account
 * page opened on the web without a login code (a bookmark, a reload) goes through WeChat web OAuth to get one.
 */
import { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { asApiError } from '../services/http';
import { NO_LOGIN_CODE, openThroughWechat, wechatSession } from '../services/wechat';

export type Binding = { bound: boolean | null; error: string | null };

/** `needsWechat`: the page works only in a WeChat session (取验证码, 重置密码, 绑定账号), so it fetches one. */
export function useWechatBinding({ needsWechat }: { needsWechat: boolean }): Binding {
  const [binding, setBinding] = useState<Binding>({ bound: null, error: null });
  const latestCall = useRef(0);

  useDidShow(() => {
    const call = ++latestCall.current;
    wechatSession().then(
      (session) => call === latestCall.current && setBinding({ bound: session.bound, error: null }),
      (thrown: unknown) => {
        const error = asApiError(thrown);
        if (error.code === NO_LOGIN_CODE && process.env.TARO_ENV === 'h5') {
          if (needsWechat) openThroughWechat();
          // Elsewhere (the home page on the web) no WeChat session is simply nothing to report.
          return;
        }
        if (call === latestCall.current) setBinding({ bound: null, error: error.message });
      },
    );
  });
  return binding;
}
