export default definePageConfig({ navigationBarTitleText: '中国教师资格服务号' });
