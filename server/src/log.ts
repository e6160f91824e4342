/** pino, with every field that may carry personal data or secrets redacted wherever it appears. */
import pino from 'pino';

export const REDACTED_FIELDS = [
  'password', 'oldPassword', 'newPassword', 'idNumber', 'code', 'token', 'captchaToken', 'linkToken',
  'authorization', 'cookie', 'phone', 'email', 'localIdNumber', 'passNumber',
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    redact: { paths: REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]), censor: '[redacted]' },
  }, destination);
}
