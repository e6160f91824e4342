/**
 * The access token, shared by every server instance through Redis. One instance refreshes at a time (a lock),
 * before expiry and once more when WeChat says the token is invalid; the others keep using the still valid
 * token or wait for the new one. Refreshes go through stable_token, so a refresh never invalidates the token
 * other instances are using and the daily quota is not burned by a refresh storm.
 */
import { randomBytes } from 'node:crypto';
import { UnavailableError } from '../../http/errors';
import type { Logger } from '../../log';
import type { Redis } from '../../stores/redis';
import { luaScript } from '../../stores/redis-script';
import { TOKEN_LOCK_MS, TOKEN_REFRESH_MARGIN_SECONDS, WECHAT_API_TIMEOUT_MS } from '../rules';

const TOKEN_KEY = 'wechat:access-token';
const LOCK_KEY = 'wechat:access-token:lock';
const WAIT_STEP_MS = 50;
/**
 * How long a call waits for another instance's refresh. The lock outlives a refresh that dies with its instance
 * (TOKEN_LOCK_MS), but a request must answer within 3 s (issue 13): the wait is one WeChat call's bound, which
 * a live refresh (one bounded stable_token call) stays within, then the call gives up as `wechat` unavailable.
 */
const WAIT_FOR_REFRESH_MS = WECHAT_API_TIMEOUT_MS;

/** Releases the refresh lock only if this instance still holds it (run as `redis.wechatTokenUnlock`). */
export const RELEASE_LOCK = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`);

type StoredToken = { token: string; expiresAt: number; refreshAt: number };

/** stable_token: `force` asks for a new token (only after WeChat refused the current one). */
export type StableTokenFetcher = (force: boolean) => Promise<{ accessToken: string; expiresIn: number }>;

export function createTokenStore(deps: { redis: Redis; fetchStableToken: StableTokenFetcher; log: Logger }) {
  async function read(): Promise<StoredToken | null> {
    const raw = await deps.redis.get(TOKEN_KEY);
    return raw ? (JSON.parse(raw) as StoredToken) : null;
  }

  /** A stored token good enough for now: after a refusal any other valid token, otherwise one not yet due. */
  function usable(current: StoredToken, stale: string | null): boolean {
    return stale === null ? current.refreshAt > Date.now() : current.token !== stale && current.expiresAt > Date.now();
  }

  /** Refreshes under the lock unless another instance already did; `stale` is the token WeChat refused, if any. */
  async function refresh(stale: string | null): Promise<string> {
    const deadline = Date.now() + WAIT_FOR_REFRESH_MS;
    while (Date.now() < deadline) {
      const owner = randomBytes(12).toString('base64url');
      if (await deps.redis.set(LOCK_KEY, owner, { expiration: { type: 'PX', value: TOKEN_LOCK_MS }, condition: 'NX' })) {
        try {
          const current = await read();
          if (current && usable(current, stale)) return current.token;
          const { accessToken, expiresIn } = await deps.fetchStableToken(stale !== null);
          const now = Date.now();
          const expiresAt = now + expiresIn * 1000;
          // stable_token hands back the same token while it is valid: then wait until it nearly expires.
          const margin = accessToken === current?.token ? Math.min(20, expiresIn / 2) : TOKEN_REFRESH_MARGIN_SECONDS;
          const record: StoredToken = { token: accessToken, expiresAt, refreshAt: Math.max(now, expiresAt - margin * 1000) };
          await deps.redis.set(TOKEN_KEY, JSON.stringify(record), { expiration: { type: 'PX', value: Math.max(1, expiresAt - now) } });
          deps.log.info({ expiresIn, forced: stale !== null }, 'wechat access token refreshed');
          return accessToken;
        } finally {
          await deps.redis.wechatTokenUnlock([LOCK_KEY], [owner]);
        }
      }
      // Another instance is refreshing: a token that is still valid (and not the refused one) will do meanwhile.
      const current = await read();
      if (current && current.token !== stale && current.expiresAt > Date.now()) return current.token;
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
    throw new UnavailableError('wechat', new Error('timed out waiting for another instance to refresh the access token'));
  }

  return {
    /** A token to call WeChat with. */
    async current(): Promise<string> {
      const stored = await read();
      if (stored && stored.refreshAt > Date.now()) return stored.token;
      return refresh(null);
    },
    /** WeChat refused `stale` (40001/42001): a new token, refreshed once whichever instance noticed first. */
    replace: (stale: string) => refresh(stale),
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
