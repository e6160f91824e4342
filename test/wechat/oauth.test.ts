/**
 * Issue 10 item 2: web OAuth in the H5 app with a random `state` bound to the browser. A code that
 * comes back without the browser's state cookie is refused, so an attacker's own code in a link sent to a victim
 * cannot bind the victim's account to the attacker's WeChat. The emulator's authorize page returns only to this
 * site and escapes what it echoes.
 */
import { startTestServer, type TestServer } from '../support/server';
import { wechatEnv, TEST_WECHAT } from './wechat-server';

let server: TestServer;
const PUBLIC_URL = 'http://jszg.test:8080';
beforeAll(async () => { server = await startTestServer({ ...wechatEnv(), PUBLIC_URL }); });
afterAll(async () => { await server.close(); });

/** A browser without a cookie jar of its own: what it sends and gets, by hand. */
async function get(path: string, cookie = '') {
  return fetch(server.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

async function session(body: Record<string, unknown>, cookie = '') {
  const reply = await fetch(`${server.url}/api/v1/wechat/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body),
  });
  return { status: reply.status, body: await reply.json() as any, setCookie: reply.headers.getSetCookie() };
}

/** Starts OAuth for an app page: the state cookie and the authorize address. */
async function startOauth(next = '/pages/bind/index') {
  const reply = await get(`/api/v1/wechat/oauth?next=${encodeURIComponent(next)}`);
  expect(reply.status).toBe(302);
  const [setCookie] = reply.headers.getSetCookie();
  const cookie = setCookie!.split(';')[0]!;
  return { location: new URL(reply.headers.get('location')!), setCookie: setCookie!, cookie };
}

/** Plays WeChat's authorize page for `openid` and returns the app address it sends the browser back to. */
async function authorize(location: URL, openid: string): Promise<URL> {
  const path = `${location.pathname}${location.search}&openid=${openid}`;
  const reply = await get(path.replace(/^.*\/dev\//, '/dev/'));
  expect(reply.status).toBe(302);
  return new URL(reply.headers.get('location')!);
}

it('sends the browser to authorize with a random state in a short-lived HttpOnly SameSite=Lax cookie', async () => {
  const first = await startOauth('/pages/bind/index');
  const second = await startOauth('/pages/bind/index');
  expect(first.location.pathname).toBe('/dev/wechat-api/connect/oauth2/authorize');
  expect(first.location.hash).toBe('#wechat_redirect');
  expect(first.location.searchParams.get('appid')).toBe(TEST_WECHAT.appId);
  expect(first.location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/pages/bind/index`);
  expect(first.location.searchParams.get('scope')).toBe('snsapi_base');
  const state = first.location.searchParams.get('state')!;
  expect(state).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(second.location.searchParams.get('state')).not.toBe(state);
  expect(first.cookie).toBe(`jszg_wx_state=${state}`);
  expect(first.setCookie).toMatch(/; Path=\/api\/v1\/wechat; HttpOnly; SameSite=Lax; Max-Age=600/);
});

it.each(['https://evil.example/pages/x', '//evil.example/pages/x', '/pages/../admin', '/admin', '/pages/', '/pages/a?x=1', '/pages/a//b', ''])(
  'refuses next=%p (no open redirect)', async (next) => {
    const reply = await get(`/api/v1/wechat/oauth?next=${encodeURIComponent(next)}`);
    expect(reply.status).toBe(400);
    expect(reply.headers.get('location')).toBeNull();
    expect(reply.headers.getSetCookie()).toHaveLength(0);
  },
);

it('the code comes back to the app page with the state; the session opens only with the matching cookie, once', async () => {
  const { location, cookie } = await startOauth('/pages/reset/index');
  const back = await authorize(location, 'o_oauth_user');
  expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/pages/reset/index`);
  const code = back.searchParams.get('code')!;
  const state = back.searchParams.get('state')!;
  expect(state).toBe(location.searchParams.get('state'));

  const opened = await session({ code, via: 'web', state }, cookie);
  expect(opened.status).toBe(200);
  expect(typeof opened.body.token).toBe('string');
  expect(opened.setCookie.some((c) => /^jszg_wx_state=;.*Max-Age=0/.test(c))).toBe(true);
});

it('the attack: the attacker’s own code and state in a link, opened by the victim’s browser, are refused', async () => {
  const attacker = await startOauth('/pages/bind/index');
  const back = await authorize(attacker.location, 'o_attacker');
  const code = back.searchParams.get('code')!;
  const state = back.searchParams.get('state')!;
  const victim = await startOauth('/pages/bind/index');

  for (const [body, cookie] of [
    [{ code, via: 'web', state }, ''],
    [{ code, via: 'web', state }, victim.cookie],
    [{ code, via: 'web' }, victim.cookie],
    [{ code, via: 'web', state: '' }, 'jszg_wx_state='],
  ] as const) {
    const refused = await session(body, cookie);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
  }
  // A web code is never taken as a mini-program code either.
  expect((await session({ code: 'not-a-dev-code', via: 'miniapp' })).status).toBe(401);
});

it('a state cookie serves once', async () => {
  const { location, cookie } = await startOauth();
  const back = await authorize(location, 'o_once');
  const state = back.searchParams.get('state')!;
  expect((await session({ code: back.searchParams.get('code')!, via: 'web', state }, cookie)).status).toBe(200);
  const second = await authorize(location, 'o_once');
  // The browser has dropped the cookie (Max-Age=0); a replay without it fails.
  expect((await session({ code: second.searchParams.get('code')!, via: 'web', state })).status).toBe(401);
});

describe('the emulator’s authorize page', () => {
  const base = '/dev/wechat-api/connect/oauth2/authorize';

  it('redirects only to this site', async () => {
    for (const uri of ['https://evil.example/pages/bind/index', 'javascript:alert(1)', 'not a url', `${PUBLIC_URL}.evil.example/x`]) {
      const reply = await get(`${base}?appid=${TEST_WECHAT.appId}&redirect_uri=${encodeURIComponent(uri)}&openid=x`);
      expect(reply.status).toBe(400);
      expect(reply.headers.get('location')).toBeNull();
    }
  });

  it('escapes what it echoes', async () => {
    const evil = '"><script>alert(1)</script>';
    const reply = await get(`${base}?appid=${TEST_WECHAT.appId}&redirect_uri=${encodeURIComponent(`${PUBLIC_URL}/pages/x`)}&state=${encodeURIComponent(evil)}&${encodeURIComponent(evil)}=1`);
    expect(reply.status).toBe(200);
    const html = await reply.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#34;&#62;&#60;script&#62;');
  });
});
