/** Reference lists and the applicant-facing sentences quoted from the seeds. */

/** The 56 ethnic groups (民族) in the order of GB/T 3304. */
export const ETHNIC_GROUPS = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
] as const;
export type EthnicGroup = (typeof ETHNIC_GROUPS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女' };

export const MESSAGES = {
  /** FAQ 账号注册问题 */
  accountExists: '该用户已注册',
  /** FAQ 账号登录问题 (1) */
  loginFailed: '登录失败！',
  loginLocked: '登录失败次数过多，请稍后再试',
  /** FAQ 账号登录问题 (1) c. */
  legacyLogin: '您在2019年3月1日之前在“中国教师资格网”进行过报名，需要重新注册账号后方可登录。',
  /** Manual 2.2.2, 1. */
  legacyReset: '2019年3月1日之前注册的账号，不能进行密码重置，需要重新注册账号。',
  /** FAQ 账号登录问题 (2) */
  accountNotFound: '请输入您已注册的证件号码作为账号，并选择与之匹配的证件类型，如您未在系统中注册账号，请先注册。',
  /** FAQ 验证码问题 (1) */
  smsSent: '短信验证码已经发送，请注意接收',
  /** FAQ 微信扫码获取验证码 */
  wechatCodeSent: '验证码已发送，请注意查收',
  otpInvalid: '验证码错误或已失效，请重新获取',
  otpDailyLimit: '该手机号码今日获取验证码次数已达上限（每天最多3次），请明天再试或通过微信扫码获取验证码',
  captchaRequired: '请先向右拖动滑块完成拼图验证',
  captchaFailed: '拼图验证未通过，请重试',
  unauthenticated: '请先登录',
  rateLimited: '操作过于频繁，请稍后再试',
  unavailable: '系统繁忙，请稍后再试',
  validationFailed: '填写的信息有误，请检查后重新提交',
  notFound: '请求的内容不存在',
  internal: '系统错误，请稍后再试',
} as const;
