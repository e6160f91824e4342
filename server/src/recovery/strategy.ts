/**
 * The ways to reset a password, each a strategy behind one interface, listed in one registry. A strategy says
 * what it needs of the account, sends what the applicant proves the reset with, and checks that proof; the
 * recovery service (service.ts) opens the flow and closes it the same way whichever strategy completed it.
 */
import { lookupBy } from '../registry';
import type { AccountDocument, AccountRecord } from '../stores/accounts';
import type { RecoveryMethod } from './flows';

/** What completes a reset: the mailed link, or the open flow and a code (SMS, or WeChat 取验证码). */
export type ResetProof = { linkToken: string } | { resetId: string; code: string };

/** A proof checked (and spent): whose password may be set, the flow it closes, and how to give it back. */
export type Proven = {
  accountId: string;
  flowId: string | null;
  /** Makes the proof usable again when the reset is cut off by an outage after it was spent. */
  giveBack?: () => Promise<void>;
};

export type RecoveryStrategy = {
  id: RecoveryMethod;
  /** What the way needs of the account (a mail address, a phone, a WeChat binding): whether the flow offers it. */
  offers(account: Pick<AccountRecord, 'email' | 'phone'>, wechatBound: boolean): boolean;
  /** Sends what the applicant proves the reset with; none for WeChat, whose code comes from 取验证码. */
  send?(account: AccountDocument, clientAddress: string): Promise<void>;
  prove(proof: ResetProof): Promise<Proven>;
};

export type StrategyRegistry = { all: RecoveryStrategy[]; of(id: RecoveryMethod): RecoveryStrategy };

export function strategyRegistry(strategies: RecoveryStrategy[]): StrategyRegistry {
  return { all: strategies, of: lookupBy(strategies, (s) => s.id, 'recovery strategy') };
}
