/**
 * /wechat/callback. GET: WeChat's server check. POST: pushes in plain, compatible and safe mode; the signature
 * (and in safe mode msg_signature, the AES cipher text and the AppID) are checked, stale timestamps refused,
 * each push handled once, and the answer goes out within REPLY_DEADLINE_MS: slower work finishes afterwards and
 * its answer is sent as a customer-service message.
 */
import type { Context } from 'koa';
import { MESSAGES } from '../../../../shared/src/reference-data';
import { createRouter } from '../../http/context';
import { AppError } from '../../http/errors';
import type { Logger } from '../../log';
import type { WechatApi } from '../api/client';
import { PUSH_BODY_TIMEOUT_MS, PUSH_MAX_AGE_SECONDS, PUSH_MAX_BYTES, REPLY_DEADLINE_MS } from '../rules';
import { WechatCryptoError, type MessageCrypto } from './crypto';
import type { PushDedupe } from './dedupe';
import { pushKey } from './dedupe';
import { pooledRandomBytes } from './random-pool';
import type { MessageHandler } from './messages';
import { isFresh, signatureMatches, wechatSignature } from './signature';
import { BadXmlError, encryptedReplyXml, parsePush, textReplyXml, type PushFields } from './xml';

const SIGNATURE_REFUSED = '签名校验失败';
const SAFE_MODE_REQUIRED = '已启用安全模式，只接受加密消息';

/**
 * The body as text, refused (413) beyond the limit without reading the rest, and (408) when it has not arrived
 * within the timeout. Events, not `for await`: hot path. The JSON body parser never sees this route (app.ts).
 */
function rawBody(ctx: Context, limit: number, timeoutMs: number): Promise<string> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', '提交的内容过大');
  if (Number(ctx.get('content-length') || 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: Error) => {
      clearTimeout(timer);
      ctx.req.off('data', onData);
      ctx.req.resume();
      ctx.set('Connection', 'close');
      reject(error);
    };
    const timer = setTimeout(() => stop(new AppError('REQUEST_TIMEOUT', '请求超时')), timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) { chunks.push(chunk); return; }
      stop(tooLarge());
    };
    ctx.req.on('data', onData);
    ctx.req.once('end', () => { clearTimeout(timer); resolve(Buffer.concat(chunks).toString('utf8')); });
    ctx.req.once('error', (error) => { clearTimeout(timer); reject(error); });
  });
}

function parseOrRefuse(xml: string): PushFields {
  try {
    return parsePush(xml);
  } catch (error) {
    if (error instanceof BadXmlError) throw new AppError('VALIDATION_FAILED', '消息格式错误');
    throw error;
  }
}

export function callbackRoutes(deps: {
  token: string; crypto: MessageCrypto | null; dedupe: PushDedupe; handle: MessageHandler; wechatApi: WechatApi; log: Logger;
}) {
  const router = createRouter('/wechat');

  router.get('/callback', (ctx) => {
    const { signature, timestamp, nonce, echostr } = ctx.query;
    if (typeof timestamp !== 'string' || typeof nonce !== 'string' || typeof echostr !== 'string'
      || !signatureMatches(signature, deps.token, timestamp, nonce)) {
      throw new AppError('UNAUTHENTICATED', SIGNATURE_REFUSED);
    }
    ctx.type = 'text/plain';
    ctx.body = echostr;
  });

  /** Runs the handler; past the deadline the push is answered empty and the reply follows by customer service. */
  async function replyWithin(push: PushFields): Promise<string | null> {
    const work = deps.handle(push).catch((error: unknown) => {
      deps.log.error({ err: error, msgType: push.MsgType, event: push.Event }, 'wechat push failed');
      return MESSAGES.unavailable;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), REPLY_DEADLINE_MS); });
    try {
      const first = await Promise.race([work, late]);
      if (first !== 'late') return first;
    } finally {
      clearTimeout(timer);
    }
    const openid = push.FromUserName ?? '';
    work.then((text) => (text ? deps.wechatApi.sendText(openid, text) : undefined)).catch((error: unknown) => {
      deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'late wechat reply not sent');
    });
    return null;
  }

  router.post('/callback', async (ctx) => {
    const { signature, timestamp, nonce, encrypt_type: encryptType, msg_signature: msgSignature } = ctx.query;
    if (typeof timestamp !== 'string' || typeof nonce !== 'string' || !isFresh(timestamp, PUSH_MAX_AGE_SECONDS)) {
      throw new AppError('UNAUTHENTICATED', SIGNATURE_REFUSED);
    }
    const encrypted = encryptType === 'aes';
    // With an AES key configured, only safe (or compatible) mode is taken: a plain push is signed over the query
    // alone, so letting the request pick plain mode would drop the body's integrity (issue 10 item 7).
    if (deps.crypto && !encrypted) throw new AppError('UNAUTHENTICATED', SAFE_MODE_REQUIRED);
    // Plain mode is signed over the query alone: refuse before reading the body.
    if (!encrypted && !signatureMatches(signature, deps.token, timestamp, nonce)) throw new AppError('UNAUTHENTICATED', SIGNATURE_REFUSED);
    const body = await rawBody(ctx, PUSH_MAX_BYTES, PUSH_BODY_TIMEOUT_MS);

    let push = parseOrRefuse(body);
    if (encrypted) {
      if (!deps.crypto) throw new AppError('VALIDATION_FAILED', '未配置消息加解密密钥');
      const cipherText = push.Encrypt;
      if (!cipherText) throw new AppError('VALIDATION_FAILED', '消息格式错误');
      if (!signatureMatches(msgSignature, deps.token, timestamp, nonce, cipherText)) throw new AppError('UNAUTHENTICATED', SIGNATURE_REFUSED);
      try {
        push = parseOrRefuse(deps.crypto.decrypt(cipherText));
      } catch (error) {
        if (error instanceof WechatCryptoError) throw new AppError('UNAUTHENTICATED', '消息解密失败');
        throw error;
      }
    }
    if (!push.FromUserName || !push.ToUserName || !push.MsgType || !push.CreateTime) throw new AppError('VALIDATION_FAILED', '消息格式错误');

    const key = pushKey(push);
    let reply: string;
    if (push.MsgType !== 'event') {
      // Messages are answered without side effects: the reply is made first and stored in the same step that
      // tells a retry apart (one Redis round trip); a retry gets the stored reply.
      const text = await deps.handle(push);
      const made = text ? textReplyXml(push.FromUserName, push.ToUserName, text) : '';
      reply = (await deps.dedupe.settle(key, made)) ?? made;
    } else {
      const claim = await deps.dedupe.claim(key, REPLY_DEADLINE_MS);
      if (claim.first) {
        const text = await replyWithin(push);
        reply = text ? textReplyXml(push.FromUserName, push.ToUserName, text) : '';
        deps.dedupe.remember(key, reply).catch(() => undefined);
      } else {
        reply = claim.reply ?? '';
      }
    }

    if (!reply) {
      ctx.type = 'text/plain';
      ctx.body = 'success';
      return;
    }
    ctx.type = 'application/xml';
    if (encrypted && deps.crypto) {
      const cipherText = deps.crypto.encrypt(reply);
      const replyTimestamp = String(Math.floor(Date.now() / 1000));
      const replyNonce = pooledRandomBytes(8).toString('hex');
      ctx.body = encryptedReplyXml(cipherText, wechatSignature(deps.token, replyTimestamp, replyNonce, cipherText), replyTimestamp, replyNonce);
    } else {
      ctx.body = reply;
    }
  });

  return router;
}
