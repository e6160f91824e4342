/**
 * The state of a password reset between its steps, in Redis: the reset flow (resetId → one typed record: the
 * account, when it was opened, the ways offered) and the mail links (hash of the link token → account). Ids and
 * tokens are random; only their hashes are keys, so what Redis holds cannot be replayed as a flow or a link.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from '../stores/redis';
import { RESET_FLOW_TTL_SECONDS, RESET_LINK_TTL_SECONDS } from './rules';

const flowKey = (resetId: string) => `reset:${sha256(resetId)}`;
const linkKey = (token: string) => `reset-link:${sha256(token)}`;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** The ways to reset (manual 2.2.2): a. 邮件重置密码, b. 短信验证重置密码, c. 微信验证重置密码. */
export type RecoveryMethod = 'mail-link' | 'sms-code' | 'wechat';

/** One reset flow, from 安全验证 (the account identified) until a way completes it or it expires. */
export type ResetFlow = { id: string; accountId: string; openedAt: number; methods: RecoveryMethod[] };

export type LinkRecord = { accountId: string; issuedAt: number };

export function createResetFlows(redis: Redis) {
  return {
    async open(accountId: string, methods: RecoveryMethod[]): Promise<ResetFlow> {
      const flow: ResetFlow = { id: randomBytes(24).toString('base64url'), accountId, openedAt: Date.now(), methods };
      const { id: _key, ...stored } = flow;
      await redis.set(flowKey(flow.id), JSON.stringify(stored), { expiration: { type: 'EX', value: RESET_FLOW_TTL_SECONDS } });
      return flow;
    },
    /** The open flow, or null when it is unknown or expired. */
    async get(resetId: string): Promise<ResetFlow | null> {
      const stored = await redis.get(flowKey(resetId));
      return stored === null ? null : { id: resetId, ...(JSON.parse(stored) as Omit<ResetFlow, 'id'>) };
    },
    close: async (resetId: string) => { await redis.del(flowKey(resetId)); },

    async issueLink(accountId: string): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      const record: LinkRecord = { accountId, issuedAt: Date.now() };
      await redis.set(linkKey(token), JSON.stringify(record), { expiration: { type: 'EX', value: RESET_LINK_TTL_SECONDS } });
      return token;
    },
    /**
     * Puts a spent link back for the rest of its life, when the reset it was spent on could not reach the
     * database: a fault must not burn the applicant's link (NX: never over a link that is somehow there again).
     */
    async restoreLink(token: string, record: LinkRecord): Promise<void> {
      const left = record.issuedAt + RESET_LINK_TTL_SECONDS * 1000 - Date.now();
      if (left > 0) await redis.set(linkKey(token), JSON.stringify(record), { expiration: { type: 'PX', value: left }, condition: 'NX' });
    },
    /** Takes the link out (one use) and returns what it was issued for. */
    async spendLink(token: string): Promise<LinkRecord | null> {
      const record = await redis.getDel(linkKey(token));
      return record === null ? null : (JSON.parse(record) as LinkRecord);
    },
  };
}

export type ResetFlows = ReturnType<typeof createResetFlows>;
