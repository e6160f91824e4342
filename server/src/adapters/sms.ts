/**
 * Sending SMS. Production: the SMS gateway's HTTP API (SMS_API_URL, SMS_API_KEY), a JSON POST with a timeout.
 * Development and tests: the outbox only.
 */
import type { Outbox } from '../dev/outbox';

export type SmsSender = { send(phone: string, text: string): Promise<void> };

const SMS_TIMEOUT_MS = 5000;

export function createHttpSmsSender(apiUrl: string, apiKey: string): SmsSender {
  return {
    async send(phone, text) {
      const response = await fetch(apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ phone, text }),
        signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    },
  };
}

export function createOutboxSmsSender(outbox: Outbox): SmsSender {
  return { send: (phone, text) => outbox.record('sms', phone, text) };
}
