import { ApiClient, registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

test('an applicant registers, logs in and sees the masked account', async () => {
  const { client, applicant } = await registeredApplicant(server.url);
  const me = await client.get('/api/v1/me');
  expect(me.status).toBe(200);
  expect(me.body.idNumber).toBe(`${applicant.idNumber.slice(0, 2)}**************${applicant.idNumber.slice(-2)}`);
  expect(new ApiClient(server.url).address).not.toBe(client.address);
});
