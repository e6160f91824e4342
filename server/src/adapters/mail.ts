/**
 * Sending mail: nodemailer over SMTP (SMTP_URL). Without SMTP_URL, outside production, messages are built by
 * nodemailer's JSON transport and only recorded in the development outbox.
 */
import nodemailer from 'nodemailer';
import type { Outbox } from '../dev/outbox';

export type Mail = { to: string; subject: string; text: string };
export type MailSender = { send(mail: Mail): Promise<void> };

export function createMailSender(options: { smtpUrl: string | undefined; from: string; outbox: Outbox | null }): MailSender {
  if (!options.smtpUrl && !options.outbox) throw new Error('SMTP_URL must be set in production');
  const transport = nodemailer.createTransport(options.smtpUrl ?? { jsonTransport: true });
  return {
    async send(mail) {
      await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      await options.outbox?.record('email', mail.to, mail.text, mail.subject);
    },
  };
}
