import { ApiClient } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

test('reference data: four ID types with their validities, 56 ethnic groups, the password rule, upload limits', async () => {
  const meta = await new ApiClient(server.url).get('/api/v1/meta');
  expect(meta.status).toBe(200);
  expect(meta.body.idTypes).toEqual([
    { value: 'resident-id', label: '居民身份证', validities: ['5y', '10y', '20y', 'long'] },
    { value: 'hkmo-permit', label: '港澳居民来往内地通行证', validities: ['5y', '10y'] },
    { value: 'tw-permit', label: '五年有效期台湾居民来往大陆通行证', validities: ['5y'] },
    { value: 'residence-permit', label: '港澳台居民居住证', validities: ['5y', '10y'] },
  ]);
  expect(meta.body.ethnicGroups).toHaveLength(56);
  expect(new Set(meta.body.ethnicGroups).size).toBe(56);
  expect(meta.body.regions.map((r: { value: string }) => r.value)).toEqual(['hk', 'mo', 'tw']);
  expect(meta.body.passwordRule).toMatchObject({ minLength: 8, specials: '#%*-_!@$&' });
  expect(meta.body.uploads).toEqual({ maxBytes: 190 * 1024 - 1, formats: ['image/jpeg'] });
  expect(meta.body.codes).toEqual({ length: 6, ttlSeconds: 300, smsPerPhonePerDay: 3 });
});

test('the API reference is generated from the request schemas', async () => {
  const reference = await new ApiClient(server.url).get('/api/v1/openapi.json');
  expect(reference.body.openapi).toBe('3.1.0');
  const registration = reference.body.paths['/api/v1/accounts'].post.requestBody.content['application/json'].schema;
  expect(registration.properties.idType.enum).toEqual(['resident-id', 'hkmo-permit', 'tw-permit', 'residence-permit']);
  expect(registration.required).toEqual(expect.arrayContaining(['idType', 'idNumber', 'name', 'password', 'agreed']));
  expect(reference.body.paths['/api/v1/me/manual-reviews'].post.requestBody.content).toHaveProperty('multipart/form-data');
});

test('liveness 200, and readiness 200 with both stores up', async () => {
  expect((await new ApiClient(server.url).get('/healthz')).status).toBe(200);
  const health = await new ApiClient(server.url).get('/readyz');
  expect(health).toMatchObject({ status: 200, body: { mongodb: 'up', redis: 'up' } });
});

test('unknown routes and methods answer in the error envelope', async () => {
  const client = new ApiClient(server.url);
  const missing = await client.get('/api/v1/nothing-here');
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe('NOT_FOUND');
});
