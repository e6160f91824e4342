/**
 * The 确认提交 step of 实名认证 and 人工审核: the confirmation is open until the submission is sent or refused;
 * once sent, the account and the verification state are loaded again; a refusal's message is shown.
 */
import { useState } from 'react';
import { asApiError } from '../services/http';

export function useConfirmedSubmit(reloadAfterSend: () => Promise<void>, onFailure: (message: string) => void) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (send: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await send();
      setConfirming(false);
      await reloadAfterSend();
    } catch (thrown) {
      onFailure(asApiError(thrown).message);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return { confirming, setConfirming, busy, submit };
}
