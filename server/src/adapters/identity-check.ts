/**
 * The real-name check (实名核验) against the public-security / CTID service.
 *
 * Production: an HTTP client (IDENTITY_API_URL, IDENTITY_API_KEY) with a timeout per attempt and a few retries
 * on timeouts, network errors and 5xx, all attempts within IDENTITY_CHECK_BUDGET_MS. Every attempt of one check carries the same Idempotency-Key, so the
 * service counts a retried check once; the applicant's daily tries are counted by the caller, once per check.
 * Development and tests: a local registry that POST /dev/identity-registry fills; everyone else fails.
 */
import { randomUUID } from 'node:crypto';
import type { IdType } from '../../../shared/src/id-documents';
import { UnavailableError } from '../http/errors';
import { IDENTITY_CHECK_BUDGET_MS } from './bounds';
import type { Pii } from '../stores/pii';
import type { Redis } from '../stores/redis';

export type IdentityQuery = { idType: IdType; idNumber: string; name: string };
export type IdentityResult = 'match' | 'mismatch';

export type IdentityCheck = { check(query: IdentityQuery): Promise<IdentityResult> };

export type HttpIdentityCheckOptions = {
  apiUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Extra attempts after the first one fails for a reason worth retrying. */
  retries: number;
  backoffMs?: number;
};

class RetryableError extends Error {}

export function createHttpIdentityCheck(options: HttpIdentityCheckOptions): IdentityCheck {
  const backoff = options.backoffMs ?? 200;

  async function attempt(query: IdentityQuery, idempotencyKey: string, timeoutMs: number): Promise<IdentityResult> {
    let response: Response;
    let body: { result?: unknown } | null;
    try {
      response = await fetch(options.apiUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${options.apiKey}`,
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(query),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The body is read under the same signal: a service that stalls after its headers is cut too.
      body = (await response.json().catch((error: Error) => {
        if (error.name === 'TimeoutError' || error.name === 'AbortError') throw error;
        return null;
      })) as { result?: unknown } | null;
    } catch (error) {
      throw new RetryableError(`identity service unreachable: ${(error as Error).name}`);
    }
    if (response.status >= 500 || response.status === 429) throw new RetryableError(`identity service answered ${response.status}`);
    if (!response.ok) throw new Error(`identity service refused the request: ${response.status}`);
    if (body?.result !== 'match' && body?.result !== 'mismatch') throw new Error('identity service answered without a result');
    return body.result;
  }

  return {
    async check(query) {
      const idempotencyKey = randomUUID();
      const deadline = Date.now() + IDENTITY_CHECK_BUDGET_MS;
      let last: unknown;
      for (let tries = 0; tries <= options.retries; tries++) {
        if (tries > 0) await new Promise((resolve) => setTimeout(resolve, backoff * tries));
        const left = deadline - Date.now();
        if (left <= 0) break;
        try {
          return await attempt(query, idempotencyKey, Math.min(options.timeoutMs, left));
        } catch (error) {
          last = error;
          if (!(error instanceof RetryableError)) break;
        }
      }
      throw new UnavailableError('identity-check', last);
    },
  };
}

/** The local registry: who the development identity check recognises (by document and exact name). */
export function createLocalIdentityRegistry(redis: Redis, pii: Pii) {
  const key = (idType: IdType, idNumber: string) => `identity-registry:${pii.blindIndex('identity-registry', `${idType}:${idNumber}`)}`;
  return {
    async register(person: IdentityQuery): Promise<void> {
      await redis.set(key(person.idType, person.idNumber), person.name);
    },
    async check(query: IdentityQuery): Promise<IdentityResult> {
      const name = await redis.get(key(query.idType, query.idNumber));
      return name !== null && name === query.name ? 'match' : 'mismatch';
    },
  };
}

export type LocalIdentityRegistry = ReturnType<typeof createLocalIdentityRegistry>;
