/**
 * How long a request may wait on each outside service. Issue 13: a request that needs a dependency that does
 * not answer gets 503 UNAVAILABLE naming it within 3 s, never a hang. Each budget below leaves the request the
 * rest of those 3 s for its own MongoDB and Redis round trips (bounded in stores/mongo.ts and stores/redis.ts).
 */

/** The SMS gateway: one POST. */
export const SMS_TIMEOUT_MS = 2000;

/** SMTP: opening the connection, the server's greeting, and any silence on the socket afterwards. */
export const SMTP_CONNECTION_TIMEOUT_MS = 1000;
export const SMTP_GREETING_TIMEOUT_MS = 1000;
export const SMTP_SOCKET_TIMEOUT_MS = 2000;
/** SMTP: one message, all phases together (a server that answers each line just in time is still cut here). */
export const SMTP_SEND_BUDGET_MS = 2500;

/** The identity check: every attempt of one check together, retries included. */
export const IDENTITY_CHECK_BUDGET_MS = 2500;

/** Races `work` against `budgetMs`; on time-out `onTimeout` says what to throw. */
export async function within<T>(budgetMs: number, work: Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(onTimeout()), budgetMs); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
