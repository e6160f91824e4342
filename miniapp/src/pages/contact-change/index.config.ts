export default definePageConfig({ navigationBarTitleText: '修改联系方式申请' });
