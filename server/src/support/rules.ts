/** The FAQ's mail cases (账号注册问题, 个人身份信息补充、修改等问题), taken as requests staff answer by mail. */

/** 工作人员会在工作日24小时内回复您的邮件 (FAQ 账号注册问题): one working day. */
export const SUPPORT_WORKING_DAYS = 1;

/** Requests one client address may send a day (ours, against abuse of an unauthenticated upload). */
export const SUPPORT_REQUESTS_PER_ADDRESS_PER_DAY = 5;

export const SUPPORT_KIND_LABELS = {
  'account-check': '核查账号信息（该用户已注册）',
  'name-garbled': '姓名显示为乱码',
  'gender-wrong': '性别信息错误',
  /** 注册账号时使用的手机号或邮箱信息发生变化，无法自行完成密码重置 … 邮件主题：（申请人姓名）申请修改手机（邮箱）信息 (FAQ 账号登录问题 (3)). */
  'contact-info': '修改手机（邮箱）信息',
  other: '其他问题',
} as const;

/** The desk's name for these requests. */
export const SUPPORT_LABEL = '咨询求助';

export const MESSAGES = {
  notFound: '申请不存在',
  contactInfoChanged: '工作人员已根据您的申请将账号绑定的手机号码和邮箱修改为您提交的信息，请使用“忘记密码”功能重置密码后登录。',
  pending: '您已提交同类申请，请耐心等待工作人员回复，在此期间不可反复提交',
  /** 邮件发送成功后，会收到自动回复。工作人员会在工作日24小时内回复您的邮件。 */
  received: '您的申请已提交成功，工作人员会在工作日24小时内回复您的邮件，请注意查收。',
} as const;
