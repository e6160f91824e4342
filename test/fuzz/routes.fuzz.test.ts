/**
 * Issue 10 "Also": every JSON route of the API takes generated bodies — random JSON, objects made of the API's own
 * field names with random values, and text that is not JSON — with and without a session, and every multipart
 * route takes malformed multipart. Nothing answers 5xx, every refusal is the contract's error envelope, and a
 * refused request stores nothing (no document added to any collection, the applicant's account unchanged).
 */
import { randomBytes, randomInt } from 'node:crypto';
import fc from 'fast-check';
import { registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let accountToken: string;
let wechatToken: string;
let accountId: string;

jest.setTimeout(240_000);

beforeAll(async () => {
  server = await startTestServer();
  const { client, account } = await registeredApplicant(server.url);
  accountToken = client.token!;
  accountId = account.id;
  const session = await client.post('/api/v1/wechat/session', { code: 'dev-o_fuzzer' });
  wechatToken = session.body.token;
});
afterAll(async () => { await server.close(); });

/** The API's own field names, so generated objects reach past the first check more often than random keys would. */
const FIELDS = [
  'idType', 'idNumber', 'name', 'validity', 'validFrom', 'validTo', 'password', 'oldPassword', 'newPassword', 'email', 'phone',
  'otp', 'channel', 'code', 'captchaToken', 'agreed', 'purpose', 'to', 'resetId', 'linkToken', 'kind', 'id', 'x', 'track', 'answer',
  'via', 'state', 'accountToken', 'ethnicity', 'gender', 'birthDate', 'passNumber', 'localIdNumber', 'region', 'reason',
  '__proto__', 'constructor', 'toString',
];

const jsonBody = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }).map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', '"\\ud800"', '{"idNumber":"\\u0000"}', 'null', '1e999', `{"a":"${'x'.repeat(70_000)}"}`) },
);

/** Each route's method and path, parameters filled with a random value, from the routers the server mounts. */
function apiRoutes(): Array<{ method: string; path: string }> {
  const routes = new Map<string, { method: string; path: string }>();
  for (const router of server.routers) {
    for (const layer of router.stack) {
      const path = String(layer.path);
      if (!/^\/(api|internal)\//.test(path)) continue;
      for (const method of layer.methods) {
        if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
        routes.set(`${method} ${path}`, { method, path });
      }
    }
  }
  return [...routes.values()];
}

const fillParams = (path: string) => path.replace(/:[A-Za-z]+/g, () => randomBytes(randomInt(1, 40)).toString('base64url'));
const randomAddress = () => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** What a refused request must not have changed: the number of documents of every collection, and the account. */
async function storedState(): Promise<string> {
  const db = server.deps.mongo.db!;
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const counts = await Promise.all(collections.map(async (name) => `${name}=${await db.collection(name).countDocuments()}`));
  const account = await db.collection('accounts').findOne({ _id: accountId as never });
  return JSON.stringify({ counts, account });
}

type Sent = { status: number; body: string };

async function send(method: string, path: string, body: string | Uint8Array, headers: Record<string, string>): Promise<Sent> {
  const reply = await fetch(server.url + path, { method, headers: { 'x-forwarded-for': randomAddress(), ...headers }, body });
  return { status: reply.status, body: await reply.text() };
}

function expectRefusalShape(sent: Sent) {
  expect(sent.status).toBeLessThan(500);
  if (sent.status >= 400) {
    const parsed = JSON.parse(sent.body) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof parsed.error?.code).toBe('string');
    expect(typeof parsed.error?.message).toBe('string');
  }
}

it('finds the JSON routes to fuzz', () => {
  const routes = apiRoutes().map((r) => `${r.method} ${r.path}`);
  expect(routes).toEqual(expect.arrayContaining([
    'POST /api/v1/accounts', 'POST /api/v1/sessions', 'POST /api/v1/otp', 'POST /api/v1/captcha/verify', 'POST /api/v1/password-resets',
    'POST /api/v1/password-resets/complete', 'PATCH /api/v1/me', 'PUT /api/v1/me/password', 'POST /api/v1/wechat/bind', 'POST /internal/v1/enrollments',
  ]));
});

it('no JSON route answers 5xx to generated bodies, and refused requests store nothing', async () => {
  const routes = apiRoutes();
  const failures: string[] = [];
  for (const route of routes) {
    // Logging out would end the session the other bodies are sent with; it is fuzzed without one below.
    const authorizations = route.path.endsWith('/sessions/current') ? [undefined] : [undefined, accountToken, wechatToken, 'test-internal-token'];
    await fc.assert(fc.asyncProperty(jsonBody, fc.constantFrom(...authorizations), async (body, token) => {
      const before = await storedState();
      const sent = await send(route.method, fillParams(route.path), body, {
        'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}),
      });
      if (sent.status >= 500) failures.push(`${route.method} ${route.path} ${sent.status} ${body.slice(0, 200)} → ${sent.body.slice(0, 200)}`);
      expectRefusalShape(sent);
      if (sent.status >= 400) expect(await storedState()).toBe(before);
    }), { numRuns: 12 });
  }
  expect(failures).toEqual([]);
});

/** Malformed multipart: random bytes, a wrong or missing boundary, cut-off parts, absurd headers, many fields. */
function malformedMultipart(): fc.Arbitrary<{ contentType: string; body: Uint8Array }> {
  const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW';
  const part = (name: string, value: string, file = false) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="a.jpg"\r\nContent-Type: image/jpeg' : ''}\r\n\r\n${value}\r\n`;
  const enc = (s: string) => new TextEncoder().encode(s);
  return fc.oneof(
    fc.uint8Array({ maxLength: 4000 }).map((body) => ({ contentType: `multipart/form-data; boundary=${boundary}`, body })),
    fc.string({ maxLength: 500 }).map((s) => ({ contentType: 'multipart/form-data', body: enc(s) })),
    fc.string({ maxLength: 500 }).map((s) => ({ contentType: `multipart/form-data; boundary=${boundary}`, body: enc(part('kind', s) + part('photo', s, true)) })),
    fc.integer({ min: 1, max: 400 }).map((cut) => ({
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: enc(`${part('kind', 'other') + part('idFront', '\xff\xd8\xff\xe0 not really', true)}--${boundary}--\r\n`).slice(0, cut),
    })),
    fc.constant({ contentType: `multipart/form-data; boundary=${boundary}`, body: enc(`${Array.from({ length: 300 }, (_, i) => part(`f${i}`, 'x')).join('')}--${boundary}--\r\n`) }),
    fc.constant({ contentType: `multipart/form-data; boundary=${boundary}`, body: enc(`--${boundary}\r\nContent-Disposition: form-data; name="${'n'.repeat(5000)}"\r\n\r\nx\r\n--${boundary}--\r\n`) }),
    fc.constant({ contentType: `multipart/form-data; boundary=${boundary}`, body: enc(`${part('photo', 'x'.repeat(300_000), true)}--${boundary}--\r\n`) }),
    fc.constant({ contentType: 'multipart/form-data; boundary=', body: enc('--\r\n\r\n') }),
  );
}

it('no multipart route answers 5xx to malformed multipart, and refused requests store nothing', async () => {
  const multipartRoutes = ['/api/v1/me/manual-reviews', '/api/v1/contact-changes', '/api/v1/support-requests'];
  for (const path of multipartRoutes) {
    await fc.assert(fc.asyncProperty(malformedMultipart(), fc.boolean(), async ({ contentType, body }, withSession) => {
      const before = await storedState();
      const sent = await send('POST', path, body, { 'content-type': contentType, ...(withSession ? { authorization: `Bearer ${accountToken}` } : {}) });
      expectRefusalShape(sent);
      expect(sent.status).toBeGreaterThanOrEqual(400);
      expect(await storedState()).toBe(before);
    }), { numRuns: 25 });
  }
});
