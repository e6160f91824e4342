/**
 * Template messages to the WeChat user bound to an account: staff decisions (manual review, contact change).
 * Best effort: an account without a binding, or WeChat being down, never fails the decision itself.
 */
import { shanghaiDate } from '../../../../shared/src/dates';
import type { Logger } from '../../log';
import type { StaffDecision } from '../../review/notify';
import type { WechatApi } from '../api/client';
import type { WechatBindings } from './bindings';

export type AccountNotice = {
  /** What was decided, e.g. 人工审核结果通知. */
  title: string;
  /** The decision, e.g. 审核通过 / 审核未通过. */
  result: string;
  /** The reason of a rejection, or what to do next. */
  detail?: string;
  /** A page to open from the message. */
  url?: string;
};

export type WechatNotifier = { notifyAccount(accountId: string, notice: AccountNotice): Promise<boolean> };

export function createWechatNotifier(deps: { bindings: WechatBindings; wechatApi: WechatApi; templateId: string; log: Logger }): WechatNotifier {
  return {
    /** Sends the notice to the account's bound WeChat user; false when there is none or sending failed. */
    async notifyAccount(accountId, notice) {
      try {
        const openid = await deps.bindings.openidOf(accountId);
        if (!openid) return false;
        await deps.wechatApi.sendTemplate(openid, deps.templateId, {
          first: { value: notice.title },
          keyword1: { value: notice.result },
          keyword2: { value: shanghaiDate() },
          remark: { value: notice.detail ?? '' },
        }, notice.url);
        return true;
      } catch (error) {
        deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'wechat notice not sent');
        return false;
      }
    },
  };
}

const DECISION_TITLES: Record<StaffDecision['kind'], string> = {
  'manual-review': '实名核验人工审核结果通知',
  'contact-change': '修改账号绑定的联系方式审核结果通知',
  'support-request': '咨询求助处理结果通知',
};

/** A hook of the review desk's decisions: each as a template message to the bound applicant. */
export function staffDecisionNotifier(notifier: WechatNotifier, publicUrl: string) {
  return async (decision: StaffDecision): Promise<void> => {
    await notifier.notifyAccount(decision.accountId, {
      title: DECISION_TITLES[decision.kind],
      result: decision.outcome === 'approved' ? '审核通过' : '审核未通过',
      detail: decision.outcome === 'rejected' && decision.reason ? `原因：${decision.reason}` : '请登录中国教师资格网查看详情。',
      url: publicUrl,
    });
  };
}
