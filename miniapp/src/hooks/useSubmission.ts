/**
 * One request to the server from a form: at most one in flight, its error kept for display, and a
 * puzzle asked for when the server answers CAPTCHA_REQUIRED (the request is then repeated with the token).
 */
import { useCallback, useRef, useState } from 'react';
import { ApiError, asApiError } from '../services/http';

export type Submission = {
  busy: boolean;
  error: ApiError | null;
  /** The server wants a solved puzzle before it does this; solving it calls `submit(token)`. */
  captchaNeeded: boolean;
  submit: (captchaToken?: string) => Promise<void>;
  clearError: () => void;
};

export function useSubmission<T>(send: (captchaToken?: string) => Promise<T>, onSuccess: (result: T) => void): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [captchaNeeded, setCaptchaNeeded] = useState(false);
  // A ref as well as state: two taps in the same frame must not both get through.
  const inFlight = useRef(false);

  const submit = useCallback(async (captchaToken?: string) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    setCaptchaNeeded(false);
    try {
      onSuccess(await send(captchaToken));
    } catch (thrown) {
      const apiError = asApiError(thrown);
      setError(apiError);
      setCaptchaNeeded(apiError.code === 'CAPTCHA_REQUIRED');
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, [send, onSuccess]);

  const clearError = useCallback(() => setError(null), []);
  return { busy, error, captchaNeeded, submit, clearError };
}
