/**
 * Plays WeChat's server for the tests: signs pushes (sha1 of the sorted token, timestamp, nonce[, Encrypt]) and,
 * in safe and compatible mode, encrypts them with the EncodingAESKey as WeChat does. Written apart from the
 * server's own code, so a shared mistake cannot make both sides agree.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export type PushMode = 'plain' | 'compatible' | 'safe';
export type WechatConfig = { token: string; appId: string; aesKey: string };

export const TEST_WECHAT: WechatConfig = {
  token: 'test-wechat-token',
  appId: 'wxtestappid000001',
  aesKey: randomBytes(32).toString('base64').slice(0, 43),
};

export function wechatEnv(config: WechatConfig = TEST_WECHAT): Record<string, string> {
  return { WECHAT_TOKEN: config.token, WECHAT_APP_ID: config.appId, WECHAT_ENCODING_AES_KEY: config.aesKey };
}

export const sha1 = (...parts: string[]) => createHash('sha1').update(parts.sort().join('')).digest('hex');

export function aesKeyBytes(aesKey: string): Buffer {
  return Buffer.from(aesKey + '=', 'base64');
}

export function encryptAsWechat(config: WechatConfig, xml: string, appId = config.appId): string {
  const key = aesKeyBytes(config.aesKey);
  const message = Buffer.from(xml);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length, 0);
  const plain = Buffer.concat([randomBytes(16), length, message, Buffer.from(appId)]);
  const padLength = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(padLength, padLength)])), cipher.final()]).toString('base64');
}

export function decryptAsWechat(config: WechatConfig, encrypted: string): { xml: string; appId: string } {
  const key = aesKeyBytes(config.aesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  const unpadded = plain.subarray(0, plain.length - plain[plain.length - 1]!);
  const length = unpadded.readUInt32BE(16);
  return { xml: unpadded.subarray(20, 20 + length).toString(), appId: unpadded.subarray(20 + length).toString() };
}

export function pushXml(fields: Record<string, string | number>): string {
  return `<xml>${Object.entries(fields).map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`)).join('')}</xml>`;
}

/** The value of one tag of a reply, CDATA or not. */
export function tag(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2]) : undefined;
}

export type PushOptions = { mode?: PushMode; timestamp?: number; nonce?: string; badSignature?: boolean; appId?: string; rawBody?: string };
export type PushResult = { status: number; body: string; reply: string | null; replySignatureOk: boolean | null };

let msgIds = Date.now() * 1000;
export const nextMsgId = () => String(++msgIds);

/** A text message from `openid`, as WeChat pushes it. */
export function textPush(openid: string, content: string, msgId = nextMsgId()): Record<string, string | number> {
  return { ToUserName: 'gh_jszg', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: msgId };
}

let eventSecond = Math.floor(Date.now() / 1000);
/** An event from `openid`; events have no MsgId, WeChat tells retries apart by FromUserName + CreateTime. */
export function eventPush(openid: string, event: string, eventKey?: string): Record<string, string | number> {
  return { ToUserName: 'gh_jszg', FromUserName: openid, CreateTime: ++eventSecond, MsgType: 'event', Event: event, ...(eventKey !== undefined ? { EventKey: eventKey } : {}) };
}

export async function push(baseUrl: string, fields: Record<string, string | number>, options: PushOptions = {}, config: WechatConfig = TEST_WECHAT): Promise<PushResult> {
  const mode = options.mode ?? 'safe';
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(5).toString('hex');
  const inner = pushXml(fields);
  const query = new URLSearchParams({ timestamp, nonce, openid: String(fields.FromUserName ?? '') });
  query.set('signature', options.badSignature ? sha1('wrong', timestamp, nonce) : sha1(config.token, timestamp, nonce));
  let body = options.rawBody ?? inner;
  if (mode !== 'plain' && options.rawBody === undefined) {
    const encrypt = encryptAsWechat(config, inner, options.appId);
    query.set('encrypt_type', 'aes');
    query.set('msg_signature', options.badSignature ? sha1('wrong', timestamp, nonce, encrypt) : sha1(config.token, timestamp, nonce, encrypt));
    body = mode === 'safe'
      ? pushXml({ ToUserName: String(fields.ToUserName), Encrypt: encrypt })
      : inner.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
  }
  const response = await fetch(`${baseUrl}/wechat/callback?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  const text = await response.text();
  if (response.status !== 200 || text === 'success' || text === '') return { status: response.status, body: text, reply: null, replySignatureOk: null };
  if (mode === 'plain') return { status: response.status, body: text, reply: text, replySignatureOk: null };
  const encrypt = tag(text, 'Encrypt')!;
  const replyTimestamp = tag(text, 'TimeStamp')!;
  const replyNonce = tag(text, 'Nonce')!;
  const decrypted = decryptAsWechat(config, encrypt);
  return {
    status: response.status,
    body: text,
    reply: decrypted.appId === config.appId ? decrypted.xml : null,
    replySignatureOk: tag(text, 'MsgSignature') === sha1(config.token, replyTimestamp, replyNonce, encrypt) && /^\d{10}$/.test(replyTimestamp),
  };
}

/** The Content of a text reply. */
export const replyText = (result: PushResult) => (result.reply ? tag(result.reply, 'Content') : undefined);
