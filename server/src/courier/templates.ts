/**
 * Every text the server sends by SMS, mail or WeChat, one template each, with the seed sentence it follows
 * beside it. A template renders its data for the channels it may go through; the courier (courier.ts) picks the
 * renderer of the recipient's channel and hands the message to that channel's transport.
 */
import { shanghaiDate } from '../../../shared/src/dates';
import type { OtpPurpose } from '../../../shared/src/schemas/codes';
import { CODE_TTL_SECONDS } from '../codes/rules';
import { RESET_LINK_TTL_SECONDS } from '../recovery/rules';
import type { StaffDecision } from '../review/decision';

export type Channel = 'sms' | 'email' | 'wechat';

export type TextMessage = { text: string };
export type MailMessage = { subject: string; text: string };
/** A WeChat customer-service text, or a template message (its fields, and a page to open from it). */
export type WechatMessage = { text: string } | { fields: Record<string, { value: string }>; url?: string };

type MessageOf = { sms: TextMessage; email: MailMessage; wechat: WechatMessage };

/** What every template may use besides its data: where the site is. */
export type Site = { publicUrl: string };

export type Template<Data> = { [C in Channel]?: (data: Data, site: Site) => MessageOf[C] };

/** Fixes a template's data type and keeps the channels it was given (so sending it elsewhere does not compile). */
const template = <Data>() => <T extends Template<Data>>(renderers: T) => renderers;

/** The app's reset page; the token rides in the fragment, which browsers never send, so it stays out of logs. */
export function resetLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/pages/reset/index#token=${encodeURIComponent(token)}`;
}

/** 链接地址 24 小时内有效 (manual 2.2.2, a. 邮件重置密码). */
function resetLinkText(publicUrl: string, token: string): string {
  return [
    '您好！',
    '您正在中国教师资格网重置登录密码，请点击以下链接设置新密码：',
    resetLinkUrl(publicUrl, token),
    `链接${RESET_LINK_TTL_SECONDS / 3600}小时内有效，且只能使用一次。如无法打开，请复制链接到谷歌浏览器或360浏览器极速模式中操作。`,
    '如果这不是您本人的操作，请忽略本邮件，您的密码不会改变。',
  ].join('\n');
}

/** 验证码为 6 位数字，有效期为 5 分钟: the same wording by SMS, mail and in the WeChat conversation. */
function codeText(code: string, purpose: OtpPurpose): string {
  const what = { register: '账号注册', reset: '重置密码', 'change-phone': '修改手机号码', 'change-email': '修改邮箱地址' }[purpose];
  return `【中国教师资格网】您的验证码为${code}，用于${what}，${CODE_TTL_SECONDS / 60}分钟内有效。请勿将验证码告诉他人。`;
}

type ContactKind = 'email' | 'phone';

/** Told to the old contact when a change is approved (ours: whoever lost it should know it no longer reaches the account). */
function oldContactText(kind: ContactKind, maskedNew: string): string {
  return kind === 'email'
    ? `您的中国教师资格网账号绑定邮箱已根据修改申请改为${maskedNew}，本邮箱不再接收该账号的通知。如非本人申请，请立即通过“咨询求助”联系我们。`
    : `【中国教师资格网】您的账号绑定手机号已根据修改申请改为${maskedNew}，本号码不再接收该账号的短信。如非本人申请，请立即通过“咨询求助”联系我们。`;
}

/** 如审核不通过，通知中将告知不通过的原因，您可按照要求再次提交修改申请。 */
function contactChangeRejectedText(kind: ContactKind, reason: string): string {
  return kind === 'email'
    ? `您提交的修改邮箱地址申请审核不通过。不通过原因：${reason}。您可按照要求再次提交修改邮箱地址申请。`
    : `【中国教师资格网】您提交的修改手机号码申请审核不通过。不通过原因：${reason}。您可按照要求再次提交修改手机号码申请。`;
}

/** A WeChat template message: what was decided, the decision, and a reason or what to do next. */
export type AccountNotice = { title: string; result: string; detail?: string; url?: string };

const DECISION_TITLES: Record<StaffDecision['kind'], string> = {
  'manual-review': '实名核验人工审核结果通知',
  'contact-change': '修改账号绑定的联系方式审核结果通知',
  'support-request': '咨询求助处理结果通知',
};

export type SupportAnswer = { name: string; label: string; outcome: 'approved' | 'rejected'; reason: string | null; extra: string[]; reply: string | null };

export const templates = {
  code: template<{ code: string; purpose: OtpPurpose }>()({
    sms: ({ code, purpose }) => ({ text: codeText(code, purpose) }),
    email: ({ code, purpose }) => ({ subject: '中国教师资格网验证码', text: codeText(code, purpose) }),
    wechat: ({ code, purpose }) => ({ text: codeText(code, purpose) }),
  }),

  resetLink: template<{ token: string }>()({
    email: ({ token }, site) => ({ subject: '中国教师资格网重置密码', text: resetLinkText(site.publicUrl, token) }),
  }),

  /** Manual 2.2.2 c.: 提示“重置成功”后即可使用新密码登录. */
  resetDone: template<Record<string, never>>()({
    wechat: () => ({ text: '重置成功！请使用新密码登录“中国教师资格网”。您账号的所有登录状态均已退出。' }),
  }),

  contactChangedOldContact: template<{ maskedNew: string }>()({
    email: ({ maskedNew }) => ({ subject: '中国教师资格网账号绑定邮箱已修改', text: oldContactText('email', maskedNew) }),
    sms: ({ maskedNew }) => ({ text: oldContactText('phone', maskedNew) }),
  }),

  /**
   * 如审核通过，账号绑定邮箱将修改为新的邮箱地址，并在邮件通知中将附上重置密码链接，该链接仅 24 小时有效；如未在有效时间内完成
   * 操作，请仍然使用“忘记密码”的“邮箱重置密码”功能重新发送邮件重置。
   * 如审核通过，账号绑定手机号将修改为新的手机号码，请仍然使用“忘记密码”的“短信验证重置密码”功能操作。
   */
  contactChangeApprovedEmail: template<{ token: string }>()({
    email: ({ token }, site) => ({
      subject: '中国教师资格网修改邮箱地址审核通过',
      text: [
        '您提交的修改邮箱地址申请已审核通过，账号绑定邮箱已修改为本邮箱。',
        resetLinkText(site.publicUrl, token),
        '如未在有效时间内完成操作，请仍然使用“忘记密码”的“邮箱重置密码”功能重新发送邮件重置。',
      ].join('\n'),
    }),
  }),
  contactChangeApprovedPhone: template<Record<string, never>>()({
    sms: () => ({ text: '【中国教师资格网】您提交的修改手机号码申请已审核通过，账号绑定手机号已修改为本号码，请使用“忘记密码”的“短信验证重置密码”功能重置密码。' }),
  }),

  contactChangeRejected: template<{ reason: string }>()({
    email: ({ reason }) => ({ subject: '中国教师资格网修改邮箱地址审核不通过', text: contactChangeRejectedText('email', reason) }),
    sms: ({ reason }) => ({ text: contactChangeRejectedText('phone', reason) }),
  }),

  /** 邮件发送成功后，会收到自动回复。工作人员会在工作日24小时内回复您的邮件。 */
  supportReceived: template<{ name: string; label: string }>()({
    email: ({ name, label }) => ({
      subject: `（${name}）${label}`,
      text: `您好！我们已收到您的申请（${label}），工作人员会在工作日24小时内回复您的邮件。问题解决后，您可自行修改密码。`,
    }),
  }),

  /** The staff answer to a support request, at the address the applicant gave. */
  supportAnswer: template<SupportAnswer>()({
    email: (answer) => ({
      subject: `回复：（${answer.name}）${answer.label}`,
      text: [
        `${answer.name}您好：`,
        `关于您提交的“${answer.label}”申请，${answer.outcome === 'approved' ? '已处理完毕' : '未能办理'}。`,
        ...(answer.reason ? [`原因：${answer.reason}`] : []),
        ...answer.extra,
        ...(answer.reply ? [answer.reply] : []),
        '中国教师资格网',
      ].join('\n'),
    }),
  }),

  /** A staff name correction must be verified again: 姓名如果发生变化…再次实名认证通过后即修改成功 (manual 2.3.1). */
  nameCorrected: template<{ name: string }>()({
    email: ({ name }) => ({
      subject: '中国教师资格网账号姓名已更正',
      text: `工作人员已将您的账号姓名更正为“${name}”，请登录后进入“个人信息中心”重新进行实名认证。`,
    }),
  }),

  /** A template message to the WeChat user bound to an account. */
  accountNotice: template<AccountNotice>()({
    wechat: (notice) => ({
      fields: {
        first: { value: notice.title },
        keyword1: { value: notice.result },
        keyword2: { value: shanghaiDate() },
        remark: { value: notice.detail ?? '' },
      },
      url: notice.url,
    }),
  }),
} as const;

/** A staff decision as the bound applicant reads it in WeChat. */
export function staffDecisionNotice(decision: StaffDecision, site: Site): AccountNotice {
  return {
    title: DECISION_TITLES[decision.kind],
    result: decision.outcome === 'approved' ? '审核通过' : '审核未通过',
    detail: decision.outcome === 'rejected' && decision.reason ? `原因：${decision.reason}` : '请登录中国教师资格网查看详情。',
    url: site.publicUrl,
  };
}

export type Templates = typeof templates;
export type TemplateName = keyof Templates;
export type ChannelsOf<T extends TemplateName> = keyof Templates[T] & Channel;
export type DataOf<T extends TemplateName> = Templates[T] extends Template<infer Data> ? Data : never;
