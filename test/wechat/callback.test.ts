/** /wechat/callback as WeChat's server uses it: the server check, the three modes, replays, duplicates, stale and bad pushes. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, type AddressInfo } from 'node:net';
import Koa from 'koa';
import { createMessageCrypto } from '../../server/src/wechat/callback/crypto';
import { createPushDedupe } from '../../server/src/wechat/callback/dedupe';
import { callbackRoutes } from '../../server/src/wechat/callback/routes';
import type { WechatApi } from '../../server/src/wechat/api/client';
import { startTestServer, type TestServer } from '../support/server';
import {
  encryptAsWechat, eventPush, push, pushXml, replyText, sha1, tag, TEST_WECHAT, textPush, wechatEnv,
} from './wechat-server';

let server: TestServer;
/** A service account without an EncodingAESKey: plain mode only. */
let plainServer: TestServer;
beforeAll(async () => {
  server = await startTestServer(wechatEnv());
  plainServer = await startTestServer({ WECHAT_TOKEN: TEST_WECHAT.token, WECHAT_APP_ID: TEST_WECHAT.appId });
});
afterAll(async () => { await Promise.all([server.close(), plainServer.close()]); });

/** Plain pushes go to the server without an AES key; the server with one refuses them (see 'safe mode'). */
const urlFor = (mode: 'plain' | 'compatible' | 'safe') => (mode === 'plain' ? plainServer.url : server.url);

const openid = () => `o_${randomBytes(6).toString('hex')}`;

describe('the server check (GET)', () => {
  it('echoes echostr when the signature is right, 401 otherwise', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const ok = await fetch(`${server.url}/wechat/callback?${new URLSearchParams({ signature: sha1(TEST_WECHAT.token, timestamp, 'n1'), timestamp, nonce: 'n1', echostr: '8237465' })}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('8237465');
    const bad = await fetch(`${server.url}/wechat/callback?${new URLSearchParams({ signature: sha1('other', timestamp, 'n1'), timestamp, nonce: 'n1', echostr: 'x' })}`);
    expect(bad.status).toBe(401);
    const missing = await fetch(`${server.url}/wechat/callback?echostr=x`);
    expect(missing.status).toBe(401);
  });
});

describe('pushes in every mode', () => {
  it.each(['plain', 'compatible', 'safe'] as const)('%s mode: a text message gets a helpful text reply', async (mode) => {
    const user = openid();
    const result = await push(urlFor(mode), textPush(user, '怎么获取验证码'), { mode });
    expect(result.status).toBe(200);
    expect(tag(result.reply!, 'ToUserName')).toBe(user);
    expect(tag(result.reply!, 'FromUserName')).toBe('gh_jszg');
    expect(tag(result.reply!, 'CreateTime')).toMatch(/^\d{10}$/);
    expect(replyText(result)).toContain('取验证码');
    if (mode !== 'plain') expect(result.replySignatureOk).toBe(true);
  });

  it('keeps a Content of 0012 a string', async () => {
    const result = await push(server.url, textPush(openid(), '0012'));
    expect(result.status).toBe(200);
    expect(replyText(result)).toContain('请使用下方菜单');
  });

  it('welcomes a new follower with the menu explained', async () => {
    const result = await push(server.url, eventPush(openid(), 'subscribe'));
    expect(replyText(result)).toContain('欢迎关注中国教师资格服务号');
    expect(replyText(result)).toContain('取验证码');
  });

  it('answers menu clicks, and nothing to unsubscribe or unknown events', async () => {
    expect(replyText(await push(server.url, eventPush(openid(), 'CLICK', 'HELP')))).toContain('使用说明');
    const unsubscribe = await push(server.url, eventPush(openid(), 'unsubscribe'));
    expect([unsubscribe.status, unsubscribe.body]).toEqual([200, 'success']);
    const unknown = await push(server.url, eventPush(openid(), 'some_new_event'));
    expect([unknown.status, unknown.body]).toEqual([200, 'success']);
  });

  it('answers an unknown message type politely', async () => {
    const fields = { ...textPush(openid(), ''), MsgType: 'shortvideo', MediaId: 'm1' };
    delete (fields as Record<string, unknown>).Content;
    const result = await push(server.url, fields);
    expect(result.status).toBe(200);
    expect(replyText(result)).toContain('暂不支持此类消息');
  });
});

describe('refusals', () => {
  it('refuses a wrong signature in plain and safe mode', async () => {
    expect((await push(plainServer.url, textPush(openid(), 'hi'), { mode: 'plain', badSignature: true })).status).toBe(401);
    expect((await push(server.url, textPush(openid(), 'hi'), { mode: 'safe', badSignature: true })).status).toBe(401);
  });

  it('refuses a push encrypted for another AppID', async () => {
    expect((await push(server.url, textPush(openid(), 'hi'), { appId: 'wxsomeoneelse0001' })).status).toBe(401);
  });

  it('refuses stale and future timestamps', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await push(server.url, textPush(openid(), 'hi'), { timestamp: now - 3600 })).status).toBe(401);
    expect((await push(server.url, textPush(openid(), 'hi'), { timestamp: now + 3600 })).status).toBe(401);
  });

  it('refuses malformed XML, entity declarations and pushes missing their fields with 400', async () => {
    for (const rawBody of ['<xml><ToUserName>a</ToUserName', 'not xml at all', '<!DOCTYPE x [<!ENTITY a "b">]><xml><Content>&a;</Content></xml>', '<xml><Content>x</Content></xml>']) {
      const result = await push(plainServer.url, textPush(openid(), 'x'), { mode: 'plain', rawBody });
      expect(result.status).toBe(400);
    }
  });

  it('refuses a cipher text that is not WeChat\'s', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const encrypt = randomBytes(48).toString('base64');
    const query = new URLSearchParams({ timestamp, nonce: 'n', encrypt_type: 'aes', signature: sha1(TEST_WECHAT.token, timestamp, 'n'), msg_signature: sha1(TEST_WECHAT.token, timestamp, 'n', encrypt) });
    const response = await fetch(`${server.url}/wechat/callback?${query}`, { method: 'POST', body: pushXml({ ToUserName: 'gh', Encrypt: encrypt }) });
    expect(response.status).toBe(401);
  });

  it('refuses an oversized body with 413 and keeps answering', async () => {
    const result = await push(plainServer.url, textPush(openid(), 'x'), { mode: 'plain', rawBody: `<xml><Content>${'a'.repeat(70 * 1024)}</Content></xml>` });
    expect(result.status).toBe(413);
    expect((await push(plainServer.url, textPush(openid(), '你好'), { mode: 'plain' })).status).toBe(200);
  });
});

describe('safe mode cannot be downgraded (an AES key is configured)', () => {
  it('refuses a plain push, even one correctly signed over the query', async () => {
    const result = await push(server.url, textPush(openid(), '你好'), { mode: 'plain' });
    expect(result.status).toBe(401);
  });

  it('refuses a push whose Encrypt comes without encrypt_type=aes and msg_signature', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const inner = pushXml(textPush(openid(), '你好'));
    const body = pushXml({ ToUserName: 'gh_jszg', Encrypt: encryptAsWechat(TEST_WECHAT, inner) });
    const query = new URLSearchParams({ timestamp, nonce: 'n', signature: sha1(TEST_WECHAT.token, timestamp, 'n') });
    expect((await fetch(`${server.url}/wechat/callback?${query}`, { method: 'POST', body })).status).toBe(401);
    query.set('encrypt_type', 'aes');
    expect((await fetch(`${server.url}/wechat/callback?${query}`, { method: 'POST', body })).status).toBe(401);
  });
});

describe('the callback body', () => {
  it('is read whatever Content-Type claims: a safe-mode push sent as application/json is answered', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const encrypt = encryptAsWechat(TEST_WECHAT, pushXml(textPush(openid(), '怎么获取验证码')));
    const query = new URLSearchParams({
      timestamp, nonce: 'n', encrypt_type: 'aes', signature: sha1(TEST_WECHAT.token, timestamp, 'n'), msg_signature: sha1(TEST_WECHAT.token, timestamp, 'n', encrypt),
    });
    for (const path of ['/wechat/callback', '/WECHAT/Callback/']) {
      const response = await fetch(`${server.url}${path}?${query}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: pushXml({ ToUserName: 'gh_jszg', Encrypt: encrypt }),
        signal: AbortSignal.timeout(5000),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<Encrypt>');
    }
  });

  it('that never finishes arriving is answered 408 after the read timeout', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const query = new URLSearchParams({ timestamp, nonce: 'n', encrypt_type: 'aes', signature: sha1(TEST_WECHAT.token, timestamp, 'n'), msg_signature: 'x'.repeat(40) });
    const { port } = new URL(server.url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /wechat/callback?${query} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<xml>`);
      });
      let text = '';
      socket.on('data', (chunk) => { text += chunk.toString(); });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => { socket.destroy(); resolve(text); }, 8000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(6000);
  });
});

describe('each push handled once', () => {
  it('answers WeChat\'s retries and replays of a message with the first reply', async () => {
    const fields = textPush(openid(), '重置密码');
    const results = await Promise.all([1, 2, 3].map(() => push(server.url, fields)));
    for (const result of results) expect(replyText(result)).toContain('重置密码');
    const replay = await push(server.url, fields, { mode: 'compatible' });
    expect(replyText(replay)).toBe(replyText(results[0]!));
  });

  it('runs an event\'s work once: a retried 解除绑定 click does not run again', async () => {
    const user = openid();
    const account = await server.deps.accounts.create({ _id: randomBytes(8).toString('hex'), idCipher: 'x', idType: 'resident-id', name: '张三' });
    const bindings = server.services.wechat.bindings;
    const person = await bindings.serviceUser(user);
    await bindings.bind(person, String(account._id));
    const click = eventPush(user, 'CLICK', 'UNBIND');
    const first = await push(server.url, click);
    expect(replyText(first)).toContain('已解除');
    const retry = await push(server.url, click);
    expect(replyText(retry)).toContain('已解除');
    expect(await bindings.accountOf(person)).toBeNull();
    // A new click (a new CreateTime) is new work: nothing is bound any more.
    expect(replyText(await push(server.url, eventPush(user, 'CLICK', 'UNBIND')))).toContain('尚未绑定');
  });
});

describe('the 5 second rule', () => {
  it('answers a slow push at the deadline and sends the result as a customer-service message', async () => {
    const sent: Array<{ openid: string; text: string }> = [];
    const api = { sendText: async (openid: string, text: string) => { sent.push({ openid, text }); } } as unknown as WechatApi;
    const slow = async () => { await new Promise((r) => setTimeout(r, 4000)); return '绑定成功'; };
    const app = new Koa();
    const router = callbackRoutes({
      token: TEST_WECHAT.token, crypto: createMessageCrypto(TEST_WECHAT.aesKey, TEST_WECHAT.appId),
      dedupe: createPushDedupe(server.deps.redis), handle: slow, wechatApi: api, log: server.deps.log,
    });
    app.use(router.routes());
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((r) => listening.once('listening', r));
    try {
      const user = openid();
      const started = Date.now();
      const result = await push(`http://127.0.0.1:${(listening.address() as AddressInfo).port}`, eventPush(user, 'SCAN', 'bind:slow'));
      const took = Date.now() - started;
      expect(result.body).toBe('success');
      expect(took).toBeLessThan(4000);
      expect(sent).toEqual([]);
      await new Promise((r) => setTimeout(r, 1500));
      expect(sent).toEqual([{ openid: user, text: '绑定成功' }]);
    } finally {
      listening.close();
    }
  }, 15_000);
});

describe('the message crypto', () => {
  it('decrypts what openssl encrypts with the EncodingAESKey, padded to 32 bytes', () => {
    const key = Buffer.from(`${TEST_WECHAT.aesKey}=`, 'base64');
    const message = Buffer.from('<xml><Content><![CDATA[你好]]></Content></xml>');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(message.length);
    const plain = Buffer.concat([randomBytes(16), length, message, Buffer.from(TEST_WECHAT.appId)]);
    const pad = 32 - (plain.length % 32);
    const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
    const sealed = execFileSync('openssl', ['enc', '-aes-256-cbc', '-nopad', '-K', key.toString('hex'), '-iv', key.subarray(0, 16).toString('hex')], { input: padded });
    const crypto = createMessageCrypto(TEST_WECHAT.aesKey, TEST_WECHAT.appId);
    expect(crypto.decrypt(sealed.toString('base64'))).toBe(message.toString());
    // And what it encrypts, openssl opens, with WeChat's 32-byte padding.
    const back = execFileSync('openssl', ['enc', '-d', '-aes-256-cbc', '-nopad', '-K', key.toString('hex'), '-iv', key.subarray(0, 16).toString('hex')], { input: Buffer.from(crypto.encrypt('hello'), 'base64') });
    expect(back.length % 32).toBe(0);
    expect(back.subarray(20, 25).toString()).toBe('hello');
    expect(back.subarray(25, 25 + TEST_WECHAT.appId.length).toString()).toBe(TEST_WECHAT.appId);
  });
});
