/**
 * nginx (Debian's) in front of two server processes, running the shipped site (config/nginx/) rendered for
 * loopback: TLS ends at nginx, requests reach both instances, and the instances (TRUST_PROXY=1,
 * TRUST_PROXY_HOPS=1) count per-address limits against the address nginx saw, so a client cannot escape them by
 * writing X-Forwarded-For itself, and two clients are not lumped together as "nginx". Runs on the two instances of
 * the single-Redis rules suite, after it (the instances run with TRUST_PROXY=1 and TRUST_PROXY_HOPS=1).
 */
import { CAPTCHA_PER_ADDRESS_PER_MINUTE } from '../../server/src/captcha/rules';
import { BODY_SLACK_BYTES } from '../../server/src/uploads/photos';
import { UPLOAD_MAX_BYTES } from '../../server/src/uploads/rules';
import { MANUAL_REVIEW_PHOTOS } from '../../server/src/verification/rules';
import type { Instances } from './instances';
import { httpsRequest, startNginx, type RunningNginx } from './nginx';

export function behindNginx(instances: () => Instances): void {
  describe('behind nginx', () => suite(instances));
}

function suite(instances: () => Instances): void {
  let pair: Instances;
  let nginx: RunningNginx;

  beforeAll(async () => {
    pair = instances();
    expect(pair.env).toMatchObject({ TRUST_PROXY: '1', TRUST_PROXY_HOPS: '1' });
    nginx = await startNginx(pair.instances.map((instance) => `127.0.0.1:${instance.port}`));
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  const through = (options: Parameters<typeof httpsRequest>[2]) => httpsRequest(nginx.httpsPort, nginx.certificate, options);
  /** The instance ports that answered requests from `client` (access log: client, upstream, status). */
  const upstreamsSeenBy = (client: string) => nginx.accessLog()
    .map((line) => line.split(' '))
    .filter(([from]) => from === client)
    .map(([, upstream]) => upstream);

  test('terminates TLS and spreads requests over both instances', async () => {
    for (let i = 0; i < 10; i++) expect((await through({ path: '/api/v1/meta', localAddress: '127.0.0.4' })).status).toBe(200);
    const ports = new Set(upstreamsSeenBy('127.0.0.4'));
    expect(ports).toEqual(new Set(pair.instances.map((instance) => `127.0.0.1:${instance.port}`)));
  });

  test('per-address limits count the client nginx saw, whatever X-Forwarded-For the client sends', async () => {
    const puzzle = (localAddress: string, spoofed?: string) => through({
      method: 'POST', path: '/api/v1/captcha', localAddress,
      headers: { 'content-type': 'application/json', ...(spoofed ? { 'x-forwarded-for': spoofed } : {}) },
      body: '{}',
    });
    // 127.0.0.2 claims to be someone new each time; the instances see 127.0.0.2 every time, on both.
    const replies = [];
    for (let i = 0; i < CAPTCHA_PER_ADDRESS_PER_MINUTE; i++) replies.push(await puzzle('127.0.0.2', `1.2.3.${i + 1}`));
    expect(replies.map((reply) => reply.status)).toEqual(Array(CAPTCHA_PER_ADDRESS_PER_MINUTE).fill(200));
    expect(new Set(upstreamsSeenBy('127.0.0.2')).size).toBe(2);

    for (const spoofed of ['1.2.3.4', undefined, '127.0.0.3']) {
      const refused = await puzzle('127.0.0.2', spoofed);
      expect(refused.status).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
    }
    // Another client behind the same nginx has its own count.
    expect((await puzzle('127.0.0.3')).status).toBe(200);
    expect((await puzzle('127.0.0.3', '1.2.3.4')).status).toBe(200);
  });

  test('the body limit fits the largest form the server takes, and a larger body is refused in the API\'s shape', async () => {
    const limit = /client_max_body_size (\d+)k;/.exec(nginx.site)?.[1];
    expect(limit).toBeDefined();
    const limitBytes = Number(limit) * 1024;
    const largestForm = MANUAL_REVIEW_PHOTOS.length * UPLOAD_MAX_BYTES + BODY_SLACK_BYTES;
    expect(limitBytes).toBeGreaterThanOrEqual(largestForm);
    expect(limitBytes - largestForm).toBeLessThan(16 * 1024);

    const form = (bytes: number) => through({
      method: 'POST', path: '/api/v1/me/manual-reviews', localAddress: '127.0.0.5',
      headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: Buffer.alloc(bytes, 'a'),
    });
    // Up to the limit the body reaches an instance (which wants a session first).
    const atLimit = await form(limitBytes);
    expect(atLimit.status).toBe(401);
    expect(atLimit.json().error.code).toBe('UNAUTHENTICATED');
    const over = await form(limitBytes + 1);
    expect(over.status).toBe(400);
    expect(over.json().error.code).toBe('UPLOAD_INVALID');
    // nginx writes the refused request's line once it has closed that connection, a moment after answering.
    const deadline = Date.now() + 5000;
    while (upstreamsSeenBy('127.0.0.5').length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(upstreamsSeenBy('127.0.0.5')).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/), '-']);
  });

  test('plain HTTP is only a redirect to HTTPS', async () => {
    const response = await fetch(`http://127.0.0.1:${nginx.httpPort}/api/v1/meta?x=1`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('https://127.0.0.1/api/v1/meta?x=1');
  });

  test('an instance stopping leaves the other serving everything; with none left, 503 in the API\'s shape', async () => {
    const [a, b] = pair.instances;
    await b!.stop();
    for (let i = 0; i < 6; i++) {
      const reply = await through({ method: 'POST', path: '/api/v1/captcha', localAddress: '127.0.0.6', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(reply.status).toBe(200);
    }
    await a!.stop();
    const none = await through({ path: '/api/v1/meta', localAddress: '127.0.0.6' });
    expect(none.status).toBe(503);
    expect(none.json().error.code).toBe('UNAVAILABLE');
  });
}
