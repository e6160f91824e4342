/**
 * Sending mail: nodemailer over SMTP (SMTP_URL), each phase and the whole message bounded (adapters/bounds.ts);
 * an SMTP server that is down, hung or too slow is reported as UNAVAILABLE (dependency `smtp`). The courier
 * (courier/transports.ts) decides when it is used.
 */
import nodemailer from 'nodemailer';
import { UnavailableError } from '../http/errors';
import {
  SMTP_CONNECTION_TIMEOUT_MS, SMTP_GREETING_TIMEOUT_MS, SMTP_SEND_BUDGET_MS, SMTP_SOCKET_TIMEOUT_MS, within,
} from './bounds';

export type Mail = { to: string; subject: string; text: string };
export type MailSender = { send(mail: Mail): Promise<void> };

export function createSmtpMailSender(options: { smtpUrl: string; from: string }): MailSender {
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: SMTP_CONNECTION_TIMEOUT_MS,
    greetingTimeout: SMTP_GREETING_TIMEOUT_MS,
    socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
  });
  return {
    async send(mail) {
      try {
        await within(
          SMTP_SEND_BUDGET_MS,
          transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text }),
          () => new Error(`SMTP did not take the message within ${SMTP_SEND_BUDGET_MS} ms`),
        );
      } catch (error) {
        throw new UnavailableError('smtp', error);
      }
    },
  };
}
