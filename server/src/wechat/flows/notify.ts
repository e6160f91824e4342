/**
 * Template messages to the WeChat user bound to an account: staff decisions (manual review, contact change,
 * support). Best effort: an account without a binding, or WeChat being down, never fails the decision itself.
 */
import type { Courier } from '../../courier/courier';
import { staffDecisionNotice, type AccountNotice, type Site } from '../../courier/templates';
import type { Logger } from '../../log';
import type { StaffDecision } from '../../review/decision';
import type { WechatBindings } from './bindings';

export type WechatNotifier = { notifyAccount(accountId: string, notice: AccountNotice): Promise<boolean> };

export function createWechatNotifier(deps: { bindings: WechatBindings; courier: Courier; log: Logger }): WechatNotifier {
  return {
    /** Sends the notice to the account's bound WeChat user; false when there is none or sending failed. */
    async notifyAccount(accountId, notice) {
      try {
        const openid = await deps.bindings.openidOf(accountId);
        if (!openid) return false;
        await deps.courier.send('accountNotice', { channel: 'wechat', to: openid }, notice);
        return true;
      } catch (error) {
        deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'wechat notice not sent');
        return false;
      }
    },
  };
}

/** A hook of the review desk's decisions: each as a template message to the bound applicant. */
export function staffDecisionNotifier(notifier: WechatNotifier, site: Site) {
  return async (decision: StaffDecision): Promise<void> => {
    await notifier.notifyAccount(decision.accountId, staffDecisionNotice(decision, site));
  };
}
