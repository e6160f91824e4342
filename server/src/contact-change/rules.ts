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
