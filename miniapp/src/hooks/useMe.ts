/**
 * The logged-in applicant (GET /api/v1/me), read each time the page shows. Without a session, or when the
 * server no longer knows it, the page sends the applicant to 登录.
 */
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { ApiError, asApiError } from '../services/http';
import { ROUTES } from '../services/routes';
import { loadMe, sessionToken, type Me } from '../services/session';

export type MeState = { me: Me | null; error: string | null; reload: () => Promise<Me | null> };

export const NOT_LOGGED_IN_MESSAGE = '请先登录';

export function useMe(): MeState {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const call = ++latest.current;
    if (!sessionToken()) {
      setError(NOT_LOGGED_IN_MESSAGE);
      void Taro.redirectTo({ url: ROUTES.login });
      return null;
    }
    try {
      const loaded = await loadMe();
      if (call === latest.current) {
        setMe(loaded);
        setError(null);
      }
      return loaded;
    } catch (thrown) {
      const apiError = asApiError(thrown);
      if (call === latest.current) setError(apiError.message);
      if (apiError instanceof ApiError && apiError.code === 'UNAUTHENTICATED') void Taro.redirectTo({ url: ROUTES.login });
      return null;
    }
  }, []);

  useDidShow(() => {
    void reload();
  });
  return { me, error, reload };
}

/**
 * Contract 3: 完善个人信息 first, then 实名认证. The server says so in `nextStep`; an older server without it
 * is read from profileComplete and the verification status.
 */
export function nextStepOf(me: Me): 'complete-profile' | 'verify' | null {
  if (me.nextStep !== undefined) return me.nextStep;
  if (!me.profileComplete) return 'complete-profile';
  return ['verified', 'manual-approved', 'manual-pending'].includes(me.verification.status) ? null : 'verify';
}

/** 您还未进行实名认证，需进入“个人信息中心”完成实名认证，再办理业务！ (manual 2.3.2) */
export const VERIFY_PROMPT = '您还未进行实名认证，需进入“个人信息中心”完成实名认证，再办理业务！';
