/**
 * Sending SMS through the SMS gateway's HTTP API (SMS_API_URL, SMS_API_KEY): a JSON POST bounded by
 * SMS_TIMEOUT_MS; a gateway that is down, hung or answers 5xx is reported as UNAVAILABLE (dependency `sms`).
 * The courier (courier/transports.ts) decides when it is used.
 */
import { UnavailableError } from '../http/errors';
import { SMS_TIMEOUT_MS } from './bounds';

export type SmsSender = { send(phone: string, text: string): Promise<void> };

export function createHttpSmsSender(apiUrl: string, apiKey: string): SmsSender {
  return {
    async send(phone, text) {
      let response: Response;
      try {
        response = await fetch(apiUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
          body: JSON.stringify({ phone, text }),
          signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
        });
        // Read the whole answer under the same bound: a gateway may stall after its headers.
        await response.arrayBuffer();
      } catch (error) {
        throw new UnavailableError('sms', error);
      }
      if (!response.ok) throw new UnavailableError('sms', new Error(`SMS gateway answered ${response.status}`));
    },
  };
}
