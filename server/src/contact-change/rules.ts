/** 2.2.2 2) 修改账号绑定的联系方式. */

/** 工作人员将在1个工作日内完成审核 (manual 2.2.2, a. 修改邮箱地址 and b. 修改手机号码). */
export const CONTACT_CHANGE_WORKING_DAYS = 1;

/** Requests one client address may send a day, counted before the upload is read (ours, against upload abuse). */
export const CONTACT_CHANGES_PER_ADDRESS_PER_DAY = 10;

/** The desk's name for these requests. */
export const CONTACT_CHANGE_LABEL = '修改联系方式';

export const MESSAGES = {
  /**
   * 如您已进行认定或定期注册的报名，则不允许提交修改联系方式申请，请登录账号后自行修改相应联系方式！ (manual 2.2.2), and, for
   * an applicant who cannot log in either, the FAQ's mail case 申请修改手机（邮箱）信息 as a support request.
   */
  enrolled: '如您已进行认定或定期注册的报名，则不允许提交修改联系方式申请，请登录账号后自行修改相应联系方式！'
    + '如无法登录，请通过“咨询求助”提交“修改手机（邮箱）信息”申请，并上传本人手持身份证件的照片。',
  /** 已提交修改邮箱地址申请后请耐心等待邮件通知，在此期间不可反复提交修改申请。 */
  pending: '已提交修改申请，请耐心等待信息通知，在此期间不可反复提交修改申请。',
  sameValue: '新的联系方式与当前绑定的相同',
  submitted: {
    email: '提交成功！请耐心等待工作人员审核，1个工作日内将审核结果发送至新的邮箱中，请及时查收！',
    phone: '提交成功！请耐心等待工作人员审核，1个工作日内将重置结果发送至新的手机短信中，请及时查收！',
  },
  notFound: '申请不存在',
} as const;

/**
 * 如审核通过，账号绑定邮箱将修改为新的邮箱地址，并在邮件通知中将附上重置密码链接，该链接仅 24 小时有效；如未在有效时间内完成
 * 操作，请仍然使用“忘记密码”的“邮箱重置密码”功能重新发送邮件重置。
 */
export const emailApprovedText = (resetMail: string) => [
  '您提交的修改邮箱地址申请已审核通过，账号绑定邮箱已修改为本邮箱。',
  resetMail,
  '如未在有效时间内完成操作，请仍然使用“忘记密码”的“邮箱重置密码”功能重新发送邮件重置。',
].join('\n');

/** 如审核通过，账号绑定手机号将修改为新的手机号码，请仍然使用“忘记密码”的“短信验证重置密码”功能操作。 */
export const PHONE_APPROVED_TEXT = '【中国教师资格网】您提交的修改手机号码申请已审核通过，账号绑定手机号已修改为本号码，请使用“忘记密码”的“短信验证重置密码”功能重置密码。';

/** 如审核不通过，通知中将告知不通过的原因，您可按照要求再次提交修改申请。 */
export const rejectedText = (kind: 'email' | 'phone', reason: string) => kind === 'email'
  ? `您提交的修改邮箱地址申请审核不通过。不通过原因：${reason}。您可按照要求再次提交修改邮箱地址申请。`
  : `【中国教师资格网】您提交的修改手机号码申请审核不通过。不通过原因：${reason}。您可按照要求再次提交修改手机号码申请。`;

/** Told to the old contact when a change is approved (ours: whoever lost it should know it no longer reaches the account). */
export const oldContactNotice = (kind: 'email' | 'phone', maskedNew: string) => kind === 'email'
  ? `您的中国教师资格网账号绑定邮箱已根据修改申请改为${maskedNew}，本邮箱不再接收该账号的通知。如非本人申请，请立即通过“咨询求助”联系我们。`
  : `【中国教师资格网】您的账号绑定手机号已根据修改申请改为${maskedNew}，本号码不再接收该账号的短信。如非本人申请，请立即通过“咨询求助”联系我们。`;
