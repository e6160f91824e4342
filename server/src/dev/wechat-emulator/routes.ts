/**
 * A local WeChat API, mounted under /dev/wechat-api outside production (WECHAT_API_BASE points here by default).
 * It answers what the server calls: access_token and stable_token, customer-service and template messages
 * (recorded in the development outbox under the openid), temporary QR codes with scenes, the menu, web OAuth
 * and jscode2session (with UnionIDs), user/info. A `dev-<openid>` code is the WeChat user <openid>. State lives in Redis, so several server
 * instances sharing Redis see one WeChat.
 */
import { randomBytes } from 'node:crypto';
import { createRouter } from '../../http/context';
import type { Redis } from '../../stores/redis';
import type { Outbox } from '../outbox';

export const EMULATOR_PREFIX = '/dev/wechat-api';
const TOKEN_SECONDS = 7200;
// One hash tag: a token and its count are written in one MULTI, which a Redis Cluster runs only within one slot.
const KEYS = { token: '{wxemu}:token', issued: '{wxemu}:tokens-issued', menu: '{wxemu}:menu', qr: (t: string) => `{wxemu}:qr:${t}` };
const DEV_CODE = /^dev-([A-Za-z0-9_-]{1,64})$/;

type Credentials = { appId: string; appSecret: string };
type Body = Record<string, unknown>;

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function wechatEmulatorRoutes(deps: {
  redis: Redis; outbox: Outbox; serviceAccount: Credentials; miniapp: Credentials; publicUrl: string;
}) {
  const router = createRouter(EMULATOR_PREFIX);
  const knows = (appid: unknown, secret: unknown) => [deps.serviceAccount, deps.miniapp].some((c) => c.appId === appid && c.appSecret === secret);

  async function issueToken(force: boolean) {
    const current = await deps.redis.get(KEYS.token);
    if (current && !force) return { access_token: current, expires_in: Math.max(1, await deps.redis.ttl(KEYS.token)) };
    const token = randomBytes(24).toString('base64url');
    await deps.redis.multi().set(KEYS.token, token, { expiration: { type: 'EX', value: TOKEN_SECONDS } }).incr(KEYS.issued).exec();
    return { access_token: token, expires_in: TOKEN_SECONDS };
  }

  /** WeChat's answer to a call with a token it did not issue, or one that was replaced. */
  async function tokenRefused(token: unknown): Promise<Body | null> {
    if (typeof token === 'string' && token === (await deps.redis.get(KEYS.token))) return null;
    return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
  }

  router.get('/cgi-bin/token', async (ctx) => {
    ctx.body = knows(ctx.query.appid, ctx.query.secret) ? await issueToken(false) : { errcode: 40125, errmsg: 'invalid appsecret' };
  });

  router.post('/cgi-bin/stable_token', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Body;
    ctx.body = knows(body.appid, body.secret) ? await issueToken(body.force_refresh === true) : { errcode: 40125, errmsg: 'invalid appsecret' };
  });

  router.post('/cgi-bin/message/custom/send', async (ctx) => {
    const refused = await tokenRefused(ctx.query.access_token);
    if (refused) { ctx.body = refused; return; }
    const body = (ctx.request.body ?? {}) as { touser?: string; msgtype?: string; text?: { content?: string } };
    if (!body.touser || body.msgtype !== 'text' || !body.text?.content) { ctx.body = { errcode: 44002, errmsg: 'empty post data' }; return; }
    await deps.outbox.record('wechat', body.touser, body.text.content);
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });

  router.post('/cgi-bin/message/template/send', async (ctx) => {
    const refused = await tokenRefused(ctx.query.access_token);
    if (refused) { ctx.body = refused; return; }
    const body = (ctx.request.body ?? {}) as { touser?: string; template_id?: string; data?: Record<string, { value?: string }> };
    if (!body.touser || !body.template_id) { ctx.body = { errcode: 40037, errmsg: 'invalid template_id' }; return; }
    const text = Object.values(body.data ?? {}).map((field) => field.value ?? '').filter(Boolean).join('\n');
    await deps.outbox.record('wechat', body.touser, text, `template:${body.template_id}`);
    ctx.body = { errcode: 0, errmsg: 'ok', msgid: Date.now() };
  });

  router.post('/cgi-bin/qrcode/create', async (ctx) => {
    const refused = await tokenRefused(ctx.query.access_token);
    if (refused) { ctx.body = refused; return; }
    const body = (ctx.request.body ?? {}) as { expire_seconds?: number; action_info?: { scene?: { scene_str?: string; scene_id?: number } } };
    const scene = body.action_info?.scene?.scene_str ?? String(body.action_info?.scene?.scene_id ?? '');
    const expire = Math.min(Number(body.expire_seconds) || 60, 2_592_000);
    const ticket = randomBytes(24).toString('base64url');
    await deps.redis.set(KEYS.qr(ticket), scene, { expiration: { type: 'EX', value: expire } });
    ctx.body = { ticket, expire_seconds: expire, url: `http://weixin.qq.com/q/${ticket}` };
  });

  router.post('/cgi-bin/menu/create', async (ctx) => {
    const refused = await tokenRefused(ctx.query.access_token);
    if (refused) { ctx.body = refused; return; }
    await deps.redis.set(KEYS.menu, JSON.stringify(ctx.request.body ?? {}));
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });

  router.get('/cgi-bin/menu/get', async (ctx) => {
    const refused = await tokenRefused(ctx.query.access_token);
    if (refused) { ctx.body = refused; return; }
    const menu = await deps.redis.get(KEYS.menu);
    ctx.body = menu ? { menu: JSON.parse(menu) as unknown } : { errcode: 46003, errmsg: 'menu no exist' };
  });

  /**
   * The person a `dev-<x>` code stands for: openid <x> in the service account; in a mini-program with an AppID of
   * its own, openid `mp_<x>` (WeChat gives each app its own openids); UnionID `un_<x>` in both, as when both apps
   * share an open-platform account.
   */
  const personOfCode = (code: unknown) => (typeof code === 'string' ? DEV_CODE.exec(code)?.[1] : undefined);
  const unionidOf = (person: string) => `un_${person}`;
  const separateMiniapp = deps.miniapp.appId !== deps.serviceAccount.appId;

  router.get('/sns/oauth2/access_token', (ctx) => {
    const person = personOfCode(ctx.query.code);
    if (!knows(ctx.query.appid, ctx.query.secret)) ctx.body = { errcode: 40125, errmsg: 'invalid appsecret' };
    else if (!person) ctx.body = { errcode: 40029, errmsg: 'invalid code' };
    else ctx.body = { access_token: randomBytes(16).toString('base64url'), expires_in: 7200, openid: person, unionid: unionidOf(person), scope: 'snsapi_base' };
  });

  router.get('/sns/jscode2session', (ctx) => {
    const person = personOfCode(ctx.query.js_code);
    if (!knows(ctx.query.appid, ctx.query.secret)) ctx.body = { errcode: 40125, errmsg: 'invalid appsecret' };
    else if (!person) ctx.body = { errcode: 40029, errmsg: 'invalid code' };
    else ctx.body = { openid: separateMiniapp ? `mp_${person}` : person, unionid: unionidOf(person), session_key: randomBytes(16).toString('base64') };
  });

  /** A follower's basic information; the UnionID is what the server wants from it. */
  router.get('/cgi-bin/user/info', async (ctx) => {
    const refused = await tokenRefused(ctx.query.access_token);
    if (refused) { ctx.body = refused; return; }
    const openid = typeof ctx.query.openid === 'string' ? ctx.query.openid : '';
    ctx.body = DEV_CODE.test(`dev-${openid}`) ? { subscribe: 1, openid, unionid: unionidOf(openid) } : { errcode: 40003, errmsg: 'invalid openid' };
  });

  /**
   * Web OAuth's authorize page: asks which WeChat user you are, then returns with a `dev-<openid>` code (tests skip
   * the form with `openid=<x>`). As WeChat does with the 网页授权域名, it returns only to this site (PUBLIC_URL's
   * origin), never elsewhere, and it echoes nothing unescaped.
   */
  router.get('/connect/oauth2/authorize', (ctx) => {
    const param = (name: string) => (typeof ctx.query[name] === 'string' ? ctx.query[name] as string : '');
    const refuse = (errcode: number, errmsg: string) => { ctx.status = 400; ctx.body = { errcode, errmsg }; };
    let target: URL;
    try {
      target = new URL(param('redirect_uri'));
    } catch {
      return refuse(10003, 'redirect_uri 参数错误');
    }
    if (target.origin !== new URL(deps.publicUrl).origin) return refuse(10003, 'redirect_uri 域名与后台配置不一致');
    if (param('appid') !== deps.serviceAccount.appId) return refuse(10016, '不支持的 appid');
    const openid = param('openid');
    if (openid) {
      if (!DEV_CODE.test(`dev-${openid}`)) return refuse(10003, 'openid 参数错误');
      target.searchParams.set('code', `dev-${openid}`);
      target.searchParams.set('state', param('state'));
      ctx.redirect(target.toString());
      return;
    }
    const hidden = ['appid', 'redirect_uri', 'response_type', 'scope', 'state']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(param(name))}">`).join('');
    ctx.type = 'html';
    ctx.set('Content-Security-Policy', "default-src 'none'; form-action 'self'");
    ctx.body = `<!doctype html><meta charset="utf-8"><title>WeChat OAuth (local emulator)</title><form method="get">${hidden}
<label>WeChat user (openid): <input name="openid" value="dev-user" pattern="[A-Za-z0-9_-]{1,64}"></label><button>授权</button></form>`;
  });

  // Not WeChat: helpers for tests and people trying the project.
  router.get('/qrcode-scene', async (ctx) => {
    const scene = typeof ctx.query.ticket === 'string' ? await deps.redis.get(KEYS.qr(ctx.query.ticket)) : null;
    ctx.status = scene === null ? 404 : 200;
    ctx.body = { scene };
  });
  router.get('/stats', async (ctx) => {
    ctx.body = { tokensIssued: Number(await deps.redis.get(KEYS.issued) ?? 0) };
  });
  router.post('/invalidate-token', async (ctx) => {
    await deps.redis.del(KEYS.token);
    ctx.status = 204;
  });

  return router;
}
