export default definePageConfig({ navigationBarTitleText: '取验证码' });
