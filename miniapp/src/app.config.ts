export default defineAppConfig({
  pages: [
    'pages/index/index', 'pages/otp/index', 'pages/password/index', 'pages/bind/index',
    // 忘记密码 and what hangs off it, 咨询求助 (recovery and support)
    'pages/forgot/index', 'pages/reset/index', 'pages/contact-change/index', 'pages/support/index', 'pages/support-status/index',
    // The applicant's identity pages.
    'pages/register/index', 'pages/login/index', 'pages/profile/index', 'pages/verify/index', 'pages/review/index',
  ],
  window: {
    navigationBarBackgroundColor: '#1f4e8c',
    navigationBarTitleText: '中国教师资格服务号',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f2f5f9',
  },
});
