/**
 * 2.2.2 忘记密码: the applicant identifies the account by 证件类型, 证件号码 and 姓名 (任何一项选择或填写错误，都无法成功
 * 重置密码), which opens a reset flow offering the ways the account can use; a strategy (strategy.ts) sends and
 * checks the proof. Whichever way, a reset closes the same way: the new password is set, the flow is closed and
 * the flow's hooks run (every session of the account ends, its login lockout is lifted, a notice).
 */
import { MESSAGES } from '../../../shared/src/reference-data';
import { maskEmail, maskPhone } from '../../../shared/src/contacts';
import type { IdType } from '../../../shared/src/id-documents';
import type { PasswordHasher } from '../accounts/passwords';
import type { AccountDirectory } from '../accounts/lookup';
import type { FlowHooks } from '../hooks';
import { AppError, asUnavailable } from '../http/errors';
import type { AccountDocument, AccountModel } from '../stores/accounts';
import { hit, type Redis } from '../stores/redis';
import type { WechatBindingStore } from '../stores/wechat-bindings';
import type { WechatUser } from '../wechat/flows/sessions';
import { TEXT } from '../wechat/rules';
import type { RecoveryMethod, ResetFlow, ResetFlows } from './flows';
import { RESET_STARTS_PER_ADDRESS_PER_HOUR } from './rules';
import type { Proven, ResetProof, StrategyRegistry } from './strategy';

export const RESET_EXPIRED_MESSAGE = '重置密码的操作已超时，请重新开始';

/** What the reset flow's hooks are told once a new password is set. */
export type PasswordReset = {
  accountId: string;
  method: RecoveryMethod;
  /** The WeChat user who reset it, when it was done from the service account's or the mini-program's page. */
  wechatUser?: WechatUser;
};

/** An open flow with its account, as every step after 安全验证 reads it. */
export function createFlowAccess(deps: { flows: ResetFlows; accounts: AccountModel }) {
  return {
    /** The flow expires after a while and must be started again. */
    async open(resetId: string): Promise<{ flow: ResetFlow; account: AccountDocument }> {
      const flow = await deps.flows.get(resetId);
      const account = flow ? await deps.accounts.findById(flow.accountId) : null;
      if (!flow || !account || account.legacy) throw new AppError('ACCOUNT_NOT_FOUND', RESET_EXPIRED_MESSAGE);
      return { flow, account };
    },
  };
}

export type FlowAccess = ReturnType<typeof createFlowAccess>;

export type RecoveryDeps = {
  directory: AccountDirectory;
  accounts: AccountModel;
  wechatBindings: WechatBindingStore;
  redis: Redis;
  passwords: PasswordHasher;
  flows: ResetFlows;
  flowAccess: FlowAccess;
  strategies: StrategyRegistry;
  /** Run after every completed reset, whatever the way. */
  afterReset: FlowHooks<PasswordReset>;
};

export function createRecoveryService(deps: RecoveryDeps) {
  /** The one way every reset ends. */
  async function close(proven: Proven, method: RecoveryMethod, newPassword: string, wechatUser?: WechatUser): Promise<void> {
    try {
      await deps.accounts.updateOne({ _id: proven.accountId }, {
        $set: { passwordHash: await deps.passwords.hash(newPassword), passwordChangedAt: new Date() },
      });
    } catch (error) {
      // Cut off by an outage: the applicant retries with the same proof.
      if (asUnavailable(error)) await proven.giveBack?.().catch(() => undefined);
      throw error;
    }
    if (proven.flowId) await deps.flows.close(proven.flowId);
    await deps.afterReset.run({ accountId: proven.accountId, method, ...(wechatUser ? { wechatUser } : {}) });
  }

  return {
    async start(request: { idType: IdType; idNumber: string; name: string }, clientAddress: string) {
      if ((await hit(deps.redis, `reset-start:${clientAddress}`, 3600)) > RESET_STARTS_PER_ADDRESS_PER_HOUR) {
        throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
      }
      const account = await deps.directory.byIdIndex(deps.directory.idIndexOf(request.idNumber));
      // Type and name are checked first: nothing, not even a legacy account, is revealed to someone without them.
      if (!account || account.idType !== request.idType || account.name !== request.name) {
        throw new AppError('ACCOUNT_NOT_FOUND', MESSAGES.accountNotFound);
      }
      if (account.legacy) throw new AppError('LEGACY_ACCOUNT', MESSAGES.legacyReset);
      const wechatBound = (await deps.wechatBindings.userOf(String(account._id))) !== null;
      const methods = deps.strategies.all.filter((s) => s.offers(account, wechatBound)).map((s) => s.id);
      const flow = await deps.flows.open(String(account._id), methods);
      return {
        resetId: flow.id,
        email: account.email ? maskEmail(account.email) : null,
        phone: account.phone ? maskPhone(account.phone) : null,
        wechat: wechatBound,
      };
    },

    /** Sends the proof of the chosen way (the mail link, the SMS code) for an open flow. */
    async send(method: RecoveryMethod, resetId: string, clientAddress: string): Promise<void> {
      const strategy = deps.strategies.of(method);
      if (!strategy.send) throw new Error(`recovery strategy ${method} sends nothing`);
      const { account } = await deps.flowAccess.open(resetId);
      await strategy.send(account, clientAddress);
    },

    /** Completes a reset with the proof of the chosen way. */
    async complete(method: RecoveryMethod, proof: ResetProof, newPassword: string): Promise<void> {
      await close(await deps.strategies.of(method).prove(proof), method, newPassword);
    },

    /** 微信验证重置密码 from WeChat's own pages: the bound WeChat user resets its account's password, with no flow. */
    async resetBound(user: WechatUser, newPassword: string): Promise<void> {
      const accountId = await deps.wechatBindings.accountOf(user.key);
      if (!accountId) throw new AppError('ACCOUNT_NOT_FOUND', `${TEXT.notBound}请先绑定账号，或使用邮件、短信方式重置密码。`);
      await close({ accountId, flowId: null }, 'wechat', newPassword, user);
    },
  };
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;
