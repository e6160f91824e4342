/** The app's page addresses (browser-history routes /pages/<name>/index on the web). */
export const ROUTES = {
  register: '/pages/register/index',
  login: '/pages/login/index',
  profile: '/pages/profile/index',
  verify: '/pages/verify/index',
  review: '/pages/review/index',
  /** 忘记密码. */
  forgot: '/pages/forgot/index',
} as const;

export type ProfileTab = 'info' | 'password' | 'phone' | 'wechat';

export const profileRoute = (tab: ProfileTab) => `${ROUTES.profile}?tab=${tab}`;
