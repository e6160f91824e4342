/** 2.3.2 实名认证 and 人工审核, and the FAQ's 实名核验相关问题. */

/** 每日您可进行三次实名认证 (manual 2.3.2, 操作说明 2). Counted per account per Asia/Shanghai day. */
export const VERIFICATIONS_PER_DAY = 3;

/**
 * 每年1月1日到8月31日、9月1日到12月31日期间，您各可以申请三次人工审核 (manual 2.3.2, 操作说明 6).
 */
export const MANUAL_REVIEWS_PER_PERIOD = 3;

/** 人工审核周期较长，仅能保证7个工作日之内给出结论 (manual 2.3.2, 操作说明 5). */
export const MANUAL_REVIEW_WORKING_DAYS = 7;

/** 上传身份证A面照片 / B面照片 / 本人手持身份证照片 (manual 2.3.2, 中国教师资格网——人工审核). */
export const MANUAL_REVIEW_PHOTOS = ['idFront', 'idBack', 'handheld'] as const;

/** The desk's name for these requests. */
export const MANUAL_REVIEW_LABEL = '人工审核';

/**
 * Statuses of an applicant who has passed verification, for whom manual review is not open: 如CTID网证办理失败…
 * 则您需通过实名认证不通过页面中的“人工审核”链接进入人工审核页面 (manual 2.3.2, 操作说明 4) — it follows a failure.
 */
export const PASSED_STATUSES: ReadonlySet<string> = new Set(['verified', 'manual-approved']);

export const MESSAGES = {
  verified: '恭喜您，已通过实名核验',
  /** FAQ 实名核验 (3) and the manual's 实名核验失败 page. */
  failed: '实名核验未通过。如您确认进行核验的信息无误，可能是您的身份信息近期发生过变化，公安系统未及时更新导致。'
    + '证件类型为居民身份证的，您可以开通CTID网证更新您的信息后再次进行实名核验；如网证开通失败、开通后依然未通过核验，'
    + '或您所使用的证件类型不为居民身份证，请申请人工审核。',
  dailyLimit: '每日您最多可进行三次实名认证，今日次数已用完，请明天再试',
  periodLimit: '1月1日到8月31日、9月1日到12月31日，每个周期您最多只可以申请三次人工审核，本周期次数已用完',
  /** Shown before a try: 每日您最多可进行三次实名认证，您还剩3次，是否确认提交？ */
  confirm: (left: number, name: string) => `每日您最多可进行三次实名认证，您还剩${left}次，是否确认提交？您使用当前证件号码进行实名认证的姓名为：${name}，请确认与证件是否一致。`,
  reviewConfirm: (left: number) => `1月1日到8月31日，9月1日到12月31日，每个周期您可以进行三次人工审核，您还剩${left}次机会，是否确认提交？`,
  reviewSubmitted: '您已提交人工审核，请耐心等待。人工审核周期较长，仅能保证7个工作日之内给出结论，请对您的业务办理时间进行妥善规划。',
  notNeeded: '您已通过实名核验，无需申请人工审核',
  /** 办理教师表相关业务需完成实名认证才可进行, 将使用通行证的信息进行实名认证, 请务必保证姓名和通行证号码与证件上的信息一致 (manual 2.3.1). */
  passNumberNeeded: '港澳台居民居住证持有人将使用通行证的信息进行实名认证，请先在“个人信息中心”填写通行证号码，并务必保证姓名和通行证号码与证件上的信息一致',
} as const;

/** Where a failed applicant is sent next (FAQ 实名核验 (3), (4); manual 2.3.2 1), 2)). */
export const AFTER_FAILURE = {
  ctidGuide: {
    title: '居民身份证网上功能凭证开通指南',
    steps: [
      '通过应用市场搜索“CTID”，下载“CTID”APP（或使用国家政务服务平台APP）。',
      '在CTID官方应用中登录（未注册的请先注册账号）。',
      '在首页点击“居民网证开通”，以“四项信息+人像采集”或“识别身份证+人像采集”（具备NFC功能的手机）开通网证。',
      '绑定手机号并设置八位数字网证口令，提交网证开通申请。',
      '网证开通成功后，登录中国教师资格网再次进行实名核验。',
    ],
    residentIdOnly: true,
  },
  manualReview: {
    title: '申请人工审核',
    text: '如CTID网证办理失败、网证开通成功后依旧实名认证失败，或您所使用的证件类型不为居民身份证，请申请人工审核：'
      + '上传身份证件A面、B面及本人手持证件照片（图片大小小于190KB，格式为JPG或JPEG）并提交，等待审核通过后再进行后续业务。',
    route: '/api/v1/me/manual-reviews',
  },
} as const;
