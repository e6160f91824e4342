/** The router dispatch walks only the routers that could match a path: never one fewer than a full walk would. */
import { candidateRouters, literalStarts } from '../../server/src/http/dispatch';
import { ApiClient } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

/** Concrete paths a layer's pattern matches: parameters filled in, optional parts with and without, case varied. */
function samplesOf(pattern: string): string[] {
  const filled = [
    pattern.replace(/\{[^}]*\}/g, ''),
    pattern.replace(/[{}]/g, ''),
  ].map((p) => p.replace(/\*\w+/g, 'a/b').replace(/:\w+/g, 'x1'));
  return filled.flatMap((p) => [p, `${p}/`, p.toUpperCase(), `${p}/more`, p.replace(/\/[^/]*$/, '')]).filter(Boolean);
}

test('every router one of whose layers matches a path is among the candidates for it', () => {
  const routers = server.routers;
  const starts = literalStarts(routers);
  const paths = new Set<string>(['/', '/nothing', '/API/V1/OTP', '/wechat/callback', '/WeChat/Callback/', '/api', '/api/v1/', '/dev/outbox']);
  for (const router of routers) for (const layer of router.stack) if (typeof layer.path === 'string') samplesOf(layer.path).forEach((p) => paths.add(p));
  expect(paths.size).toBeGreaterThan(100);
  for (const path of paths) {
    const candidates = candidateRouters(starts, path);
    routers.forEach((router, i) => {
      if (router.stack.some((layer) => layer.match(path))) expect({ path, router: i, candidate: candidates?.includes(i) }).toEqual({ path, router: i, candidate: true });
    });
  }
});

test('paths that are not plain ASCII walk every router', () => {
  expect(candidateRouters([['/a'], ['/b']], '/ſ')).toBeNull();
});

test('methods: 405 with Allow for a known path, 501 for an unknown method, OPTIONS lists the methods', async () => {
  const wrongMethod = await fetch(`${server.url}/api/v1/otp`, { method: 'PUT' });
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.headers.get('allow')).toBe('POST');
  const options = await fetch(`${server.url}/api/v1/otp`, { method: 'OPTIONS' });
  expect(options.status).toBe(200);
  expect(options.headers.get('allow')).toBe('POST');
  const unknown = await fetch(`${server.url}/nowhere`, { method: 'PROPFIND' });
  expect(unknown.status).toBe(501);
  const notFound = await new ApiClient(server.url).get('/nowhere');
  expect(notFound.status).toBe(404);
});

/**
 * mountRouters reads @koa/router's internals: each router's `stack` and `methods`, each layer's `path`, `opts`
 * (`pathAsRegExp`), `regexp` and `methods`. A router upgrade that renames or reshapes them fails here, rather
 * than silently walking every router (or, worse, skipping one: the test above).
 */
test('the router internals the dispatch reads are as it expects, and they still narrow the walk', () => {
  const routers = server.routers;
  for (const router of routers) {
    expect(Array.isArray(router.stack) && Array.isArray(router.methods)).toBe(true);
    for (const layer of router.stack) {
      expect({ path: typeof layer.path, regexp: layer.regexp instanceof RegExp, opts: typeof layer.opts, methods: Array.isArray(layer.methods) })
        .toEqual({ path: 'string', regexp: true, opts: 'object', methods: true });
      const asRegExp = (layer.opts as { pathAsRegExp?: unknown }).pathAsRegExp;
      expect(asRegExp === undefined || typeof asRegExp === 'boolean').toBe(true);
    }
  }
  const starts = literalStarts(routers);
  // Every router has a literal start of its own beyond the site's root.
  for (const routerStarts of starts) expect(routerStarts.some((start) => start.length > 1)).toBe(true);
  // Real routes walk few of the routers, not all.
  for (const path of ['/api/v1/meta', '/wechat/callback', '/admin/assets/admin.css', '/api/v1/otp', '/api/v1/me/manual-reviews']) {
    expect({ path, fewRouters: candidateRouters(starts, path)!.length <= routers.length / 3 }).toEqual({ path, fewRouters: true });
  }
});
