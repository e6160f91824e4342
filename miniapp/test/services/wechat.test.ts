import { loginCodeFromAddress } from '../../src/services/wechat';

test('the H5 build finds the web-OAuth code before or after the hash route', () => {
  expect(loginCodeFromAddress('?code=dev-alice&state=x', '#/pages/index/index')).toBe('dev-alice');
  expect(loginCodeFromAddress('', '#/pages/otp/index?code=dev-bob')).toBe('dev-bob');
  expect(loginCodeFromAddress('', '#/pages/index/index')).toBeNull();
});
