/**
 * The callback under load: text pushes signed (and, with an EncodingAESKey, encrypted) as WeChat sends them,
 * with WeChat's retries mixed in (every fifth request repeats an earlier push). bench/run.ts compares it with a
 * bare Koa route in the same run: target ≥ 0.4 of it, p99 under 20 ms.
 */
import { randomBytes } from 'node:crypto';
import { createMessageCrypto } from '../server/src/wechat/callback/crypto';
import { wechatSignature } from '../server/src/wechat/callback/signature';
import autocannon from 'autocannon';
import type { Load } from './support';

export type WechatBenchConfig = { token: string; appId: string; aesKey?: string };

/** One in DUPLICATE_EVERY requests is a retry of an earlier push. */
const DUPLICATE_EVERY = 5;
/** How many pushes back a retry reaches: far enough that the original was answered. */
const RETRY_DISTANCE = 200;

function signedPush(config: WechatBenchConfig, i: number, crypto: ReturnType<typeof createMessageCrypto> | null) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(5).toString('hex');
  const inner = `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[o_bench_${i % 1000}]]></FromUserName>`
    + `<CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[验证码怎么获取 ${i}]]></Content>`
    + `<MsgId>${Date.now()}${String(i).padStart(8, '0')}</MsgId></xml>`;
  const query = new URLSearchParams({ signature: wechatSignature(config.token, timestamp, nonce), timestamp, nonce, openid: `o_bench_${i % 1000}` });
  if (!crypto) return { path: `/wechat/callback?${query}`, body: inner };
  const encrypt = crypto.encrypt(inner);
  query.set('encrypt_type', 'aes');
  query.set('msg_signature', wechatSignature(config.token, timestamp, nonce, encrypt));
  return { path: `/wechat/callback?${query}`, body: `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
}

export async function benchWechatCallback(url: string, config: WechatBenchConfig, seconds = 10, onStart?: () => void): Promise<Load> {
  const crypto = config.aesKey ? createMessageCrypto(config.aesKey, config.appId) : null;
  // Enough distinct pushes for a fast machine; signed up front so the load generator only sends.
  const pushes = Array.from({ length: Math.max(20_000, seconds * 12_000) }, (_, i) => signedPush(config, i, crypto));
  // The pushes are signed: what is measured from here is the load.
  onStart?.();
  let sent = 0;
  let fresh = 0;
  const result = await autocannon({
    url,
    connections: 20,
    duration: seconds,
    requests: [{
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      setupRequest: (request) => {
        const n = sent++;
        // A retry comes after WeChat's answer timeout, so it repeats a push answered a while ago.
        const push = n % DUPLICATE_EVERY === DUPLICATE_EVERY - 1 && fresh > 2 * RETRY_DISTANCE
          ? pushes[(fresh - RETRY_DISTANCE - (n % RETRY_DISTANCE)) % pushes.length]!
          : pushes[fresh++ % pushes.length]!;
        return { ...request, path: push.path, body: push.body };
      },
    }],
  });
  return { requestsPerSecond: result.requests.average, requests: result.requests.total, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}
