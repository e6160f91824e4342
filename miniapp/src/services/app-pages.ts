/** App pages the recovery and support pages lead to (注册 and 登录 are the foundation's pages). */
export const APP_PAGES = {
  register: '/pages/register/index',
  login: '/pages/login/index',
  forgot: '/pages/forgot/index',
  support: '/pages/support/index',
  supportStatus: '/pages/support-status/index',
  contactChange: '/pages/contact-change/index',
  wechatPassword: '/pages/password/index',
  wechatOtp: '/pages/otp/index',
} as const;
