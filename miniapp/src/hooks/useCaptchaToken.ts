/**
 * A one-use captchaToken held for the next request that needs one. Spending it clears it and shows a
 * fresh captcha (a new `key`), so the applicant solves one per request, as the server asks.
 */
import { useCallback, useState } from 'react';

export const CAPTCHA_NEEDED_MESSAGE = '请先完成安全验证（拼图验证或文字验证）';

export function useCaptchaToken() {
  const [token, setToken] = useState<string | null>(null);
  const [key, setKey] = useState(0);
  const spend = useCallback((): string | null => {
    if (!token) return null;
    setToken(null);
    setKey((k) => k + 1);
    return token;
  }, [token]);
  const reset = useCallback(() => {
    setToken(null);
    setKey((k) => k + 1);
  }, []);
  return { token, key, solved: setToken, spend, reset };
}
