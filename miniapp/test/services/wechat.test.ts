import { webLoginFromAddress, webOauthAddress } from '../../src/services/wechat';

test('the H5 build reads the web-OAuth code and its state from the page address', () => {
  expect(webLoginFromAddress('?code=dev-alice&state=s3cr3t')).toEqual({ code: 'dev-alice', state: 's3cr3t' });
  expect(webLoginFromAddress('?code=dev-bob')).toEqual({ code: 'dev-bob', state: '' });
  expect(webLoginFromAddress('')).toBeNull();
});

test('a page is opened through the server\'s OAuth route with itself as the next page', () => {
  expect(webOauthAddress('/pages/password/index')).toBe('http://server.test/api/v1/wechat/oauth?next=%2Fpages%2Fpassword%2Findex');
});
