/**
 * FerretDB killed, paused (SIGSTOP) and slowed (every chunk delayed on a loopback proxy), under a running
 * server: what needs it answers 503 UNAVAILABLE naming `mongodb` within 3 s and never hangs, what does not need
 * it keeps working, /readyz follows the truth, the server serves again by itself once FerretDB is back, and a
 * registration, an upload and a staff decision cut off by the fault can be retried into exactly one of each.
 */
import { Types } from 'mongoose';
import { ApiClient, login, newApplicant, registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';
import { asUnavailable } from '../../server/src/http/errors';
import { accountModel } from '../../server/src/stores/accounts';
import { connectMongo, MONGO_OPERATION_TIMEOUT_MS } from '../../server/src/stores/mongo';
import { caseModel, reviewStreamModel } from '../../server/src/stores/review-cases';
import { FILINGS_KEY } from '../../server/src/review/cases';
import { manualReviewForm } from '../identity/helpers';
import { eventPush, push, textPush, wechatEnv } from '../wechat/wechat-server';
import { expectUnavailable, readiness, sleep, startStores, timed, until } from './support';

jest.setTimeout(60_000);

let stores: Awaited<ReturnType<typeof startStores>>;
let server: TestServer;
const applicants: Array<Awaited<ReturnType<typeof registeredApplicant>>> = [];

beforeAll(async () => {
  stores = await startStores();
  server = await startTestServer({ ...stores.env, ...wechatEnv() });
  applicants.push(await registeredApplicant(server.url), await registeredApplicant(server.url));
});
afterAll(async () => {
  await server?.close(1000);
  await stores?.stop();
});

/** What a request that reads the account answers, and how fast. */
async function loginAttempt(client: ApiClient, index = 0) {
  const { applicant } = applicants[index]!;
  const captchaToken = await client.captchaToken(); // Redis only: still works
  return timed(() => client.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: applicant.password, captchaToken }));
}

async function expectDown(client: ApiClient) {
  expectUnavailable(await loginAttempt(client), 'mongodb');
  expectUnavailable(await timed(() => applicants[0]!.client.get('/api/v1/me')), 'mongodb');
  const ready = await readiness(client);
  expect(ready).toMatchObject({ status: 503, body: { mongodb: 'down', redis: 'up' } });
  expect(ready.ms).toBeLessThan(1500);
  expect((await client.get('/healthz')).status).toBe(200);
  // What needs no database still answers.
  expect((await client.get('/api/v1/meta')).status).toBe(200);
}

async function expectRecovered(client: ApiClient): Promise<number> {
  const recoveredIn = await until(async () => (await client.get('/readyz')).status === 200);
  const again = await loginAttempt(client);
  expect(again.status).toBe(200);
  return recoveredIn;
}

test('paused (SIGSTOP): 503 within 3 s for each of 20 requests at once, then back by itself after SIGCONT', async () => {
  const client = new ApiClient(server.url);
  // Twenty browsers, each from an address of its own (one address's login attempts are limited).
  const browsers = Array.from({ length: 20 }, () => new ApiClient(server.url));
  const tokens = await Promise.all(browsers.map((browser) => browser.captchaToken()));
  stores.mongo.hang();
  try {
    await expectDown(client);
    const { applicant } = applicants[0]!;
    const burst = await Promise.all(browsers.map((browser, i) =>
      timed(() => browser.post('/api/v1/sessions', { idNumber: applicant.idNumber, password: applicant.password, captchaToken: tokens[i] }))));
    for (const reply of burst) expectUnavailable(reply, 'mongodb');
  } finally {
    stores.mongo.resume();
  }
  expect(await expectRecovered(client)).toBeLessThan(5000);
});

test('paused: WeChat pushes that need the database are still answered within WeChat\'s 5 s', async () => {
  stores.mongo.hang();
  try {
    for (const fields of [eventPush('fault-user', 'CLICK', 'UNBIND'), eventPush('fault-user', 'subscribe'), textPush('fault-user', '你好')]) {
      const started = performance.now();
      const answered = await push(server.url, fields, { mode: 'safe' });
      expect(answered.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(5000);
    }
  } finally {
    stores.mongo.resume();
  }
  await until(async () => (await new ApiClient(server.url).get('/readyz')).status === 200);
});

test('killed: 503 within 3 s, back by itself once it is restarted', async () => {
  const client = new ApiClient(server.url);
  await stores.mongo.kill();
  try {
    await expectDown(client);
  } finally {
    await stores.mongo.restart();
  }
  expect(await expectRecovered(client)).toBeLessThan(5000);
});

test('slowed: a little delay on every chunk costs time but no errors; a delay past the bound is a 503 within 3 s', async () => {
  const client = new ApiClient(server.url);
  stores.mongo.proxy.delayMs = 100;
  try {
    const slow = await loginAttempt(client);
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThan(200);
    expect(slow.ms).toBeLessThan(3000);
    stores.mongo.proxy.delayMs = 2500;
    expectUnavailable(await loginAttempt(client), 'mongodb');
    expect((await readiness(client)).status).toBe(503);
  } finally {
    stores.mongo.proxy.delayMs = 0;
  }
  expect(await expectRecovered(client)).toBeLessThan(5000);
});

test('slowed past the bound: each of several reads at once fails within the operation budget, server selection and connecting included', async () => {
  const connection = await connectMongo(stores.env.MONGODB_URI);
  const accounts = accountModel(connection);
  stores.mongo.proxy.delayMs = 2500;
  try {
    const times = (await Promise.all(Array.from({ length: 4 }, async (_, worker) => {
      const spent: number[] = [];
      for (let read = 0; read < 3; read++) {
        const started = performance.now();
        await expect(accounts.findById(`absent-${worker}`).lean()).rejects.toThrow();
        spent.push(performance.now() - started);
      }
      return spent;
    }))).flat();
    // Before the bound covered server selection, a read behind the driver's monitor took 2.5 s.
    expect(Math.max(...times)).toBeLessThan(MONGO_OPERATION_TIMEOUT_MS + 500);
  } finally {
    stores.mongo.proxy.delayMs = 0;
    await connection.close();
  }
});

test('cut off by the fault, a registration, an upload and a staff decision are retried into exactly one of each', async () => {
  const client = new ApiClient(server.url);
  // Registration: the code is sent, FerretDB pauses before the form is posted; the same code works on retry.
  const person = newApplicant();
  expect((await client.sendCode('register', 'sms', person.phone)).status).toBe(200);
  const code = await client.lastCode(person.phone);
  const form = async () => ({ ...person, otp: { channel: 'sms', code }, captchaToken: await client.captchaToken(), agreed: true });
  const firstForm = await form();
  stores.mongo.hang();
  const cut = await timed(() => client.post('/api/v1/accounts', firstForm)).finally(() => stores.mongo.resume());
  expectUnavailable(cut, 'mongodb');
  await until(async () => (await client.get('/readyz')).status === 200);
  const retried = await client.post('/api/v1/accounts', await form());
  expect(retried.status).toBe(201);
  // The code was spent by the registration; 该用户已注册 is said only to a fresh code (issue 10 item 5: no probing).
  const again = await client.post('/api/v1/accounts', await form());
  expect(again.body.error.code).toBe('OTP_INVALID');
  applicants.push({ client: new ApiClient(server.url), applicant: person, account: retried.body });

  // Upload: a manual review with its three photos.
  const uploader = applicants[1]!.client;
  const upload = await manualReviewForm();
  stores.mongo.hang();
  const cutUpload = await timed(() => uploader.post('/api/v1/me/manual-reviews', upload)).finally(() => stores.mongo.resume());
  expectUnavailable(cutUpload, 'mongodb');
  await until(async () => (await client.get('/readyz')).status === 200);
  const filed = await uploader.post('/api/v1/me/manual-reviews', await manualReviewForm());
  expect(filed.status).toBe(202);

  // Staff decision on that case.
  const reviewer = { id: new Types.ObjectId().toString(), name: '审核员甲', role: 'reviewer' as const };
  const decide = () => server.services.review.desk.decide(filed.body.id, reviewer, { outcome: 'approved', reason: null, reply: null });
  stores.mongo.hang();
  const started = Date.now();
  const refused = await decide().then(() => null, (error: unknown) => error).finally(() => stores.mongo.resume());
  expect(asUnavailable(refused)?.details).toEqual({ dependency: 'mongodb' });
  expect(Date.now() - started).toBeLessThan(3000);
  await until(async () => (await client.get('/readyz')).status === 200);
  // The paused FerretDB may still apply the decision's write once it resumes, though the desk saw a time-out:
  // then the decision stands and its effects (the applicant's status, the audit entry, the notice) finish by
  // themselves, with nobody retrying; otherwise the retry decides. Either way there is one decision.
  if (await server.services.review.cases.decisionOf(filed.body.id)) {
    await until(async () => (await uploader.get('/api/v1/me/verification')).body.status === 'manual-approved', 20_000);
    await expect(decide()).rejects.toThrow('该事项已处理完毕');
  } else {
    await decide();
    expect((await uploader.get('/api/v1/me/verification')).body.status).toBe('manual-approved');
  }
});

test('an upload cut off between its photos and its case leaves no orphan photo, and the retry files exactly one case', async () => {
  const fresh = await registeredApplicant(server.url);
  applicants.push(fresh);
  const uploader = fresh.client;
  const form = await manualReviewForm();
  const photos = server.deps.mongo.collection('case_photos');
  const before = await photos.countDocuments();
  // FerretDB stops while the first photo is sealed: the pending key and the quota key are taken, the photos'
  // write is cut off, and so is taking everything back.
  expectUnavailable(await cutOff(server.deps.pii, 'encryptBytes', () => timed(() => uploader.post('/api/v1/me/manual-reviews', form))), 'mongodb');
  // The sweep settles the cut-off filing by itself: no photo without its case, its keys given back. (The photos'
  // write may never have landed, so their count alone can be back before the sweep gave the keys back.)
  await until(async () => (await photos.countDocuments()) === before && (await server.deps.redis.zCard(FILINGS_KEY)) === 0, 30_000);
  const filed = await uploader.post('/api/v1/me/manual-reviews', await manualReviewForm());
  expect(filed.status).toBe(202);
  expect(await photos.countDocuments()).toBe(before + 3);
  expect((await uploader.post('/api/v1/me/manual-reviews', await manualReviewForm())).body.error.code).toBe('REVIEW_PENDING');
});


test('an upload cut off after its case and queue entry, before its entry on the account: the sweep lists it, once', async () => {
  const fresh = await registeredApplicant(server.url);
  applicants.push(fresh);
  const accountId = String(fresh.account.id);
  const cases = server.services.review.cases;
  const form = await manualReviewForm();
  // A filing appends to two streams, its kind's queue, then the account's list: FerretDB crashes as the second
  // is sent, so that write is lost for good (a pause would only delay it), and comes back.
  const cut = await crashFerretDbAt(reviewStreamModel(server.deps.mongo), 'create', 2, () => timed(() => fresh.client.post('/api/v1/me/manual-reviews', form)));
  expectUnavailable(cut, 'mongodb');
  // The case stands, so the sweep finishes it: on the account's list and in the queue, each once, and the case
  // knows its queue number.
  let listed: Awaited<ReturnType<typeof cases.ofAccount>> = [];
  await until(async () => (listed = await cases.ofAccount(accountId)).length > 0 && (await cases.get(listed[0]!._id))?.queueNumber != null, 30_000);
  expect(listed.map((c) => c.kind)).toEqual(['manual-review']);
  const ref = listed[0]!._id;
  const queued = (await cases.queuePage('manual-review', undefined, 1000)).rows.filter((row) => row.ref === ref);
  expect(queued).toHaveLength(1);
  expect(queued[0]!.n).toBe((await cases.get(ref))!.queueNumber);
  // One pending manual review: a second upload is refused.
  expect((await fresh.client.post('/api/v1/me/manual-reviews', await manualReviewForm())).body.error.code).toBe('REVIEW_PENDING');
});

test('a decision cut off after it was recorded, before the case was marked decided: the sweep finishes it, the case decided', async () => {
  const fresh = await registeredApplicant(server.url);
  applicants.push(fresh);
  const filed = await fresh.client.post('/api/v1/me/manual-reviews', await manualReviewForm());
  expect(filed.status).toBe(202);
  const reviewer = { id: new Types.ObjectId().toString(), name: '审核员乙', role: 'reviewer' as const };
  // Closing a case inserts its decision key, then sets its status: FerretDB crashes as the status is sent.
  const refused = await crashFerretDbAt(caseModel(server.deps.mongo), 'updateOne', 1,
    () => server.services.review.desk.decide(filed.body.id, reviewer, { outcome: 'approved', reason: null, reply: null }).then(() => null, (error: unknown) => error));
  expect(asUnavailable(refused)?.details).toEqual({ dependency: 'mongodb' });
  const cases = server.services.review.cases;
  await until(async () => (await cases.get(filed.body.id))?.decision?.effectsDoneAt != null, 30_000);
  expect((await cases.get(filed.body.id))!.status).toBe('approved');
  expect((await fresh.client.get('/api/v1/me/verification')).body.status).toBe('manual-approved');
});

/**
 * Runs `request` with a fault of FerretDB started from inside it, the `call`th time `method` of `holder` runs: a
 * fault between two steps of a flow (after its code was spent, before its write). `fault` starts it and returns
 * how to end it; once `request` is answered the fault ends and the server serves again.
 */
async function faultAt<T>(holder: object, method: string, call: number, fault: () => () => Promise<void> | void, request: () => Promise<T>): Promise<T> {
  const original = (holder as Record<string, unknown>)[method] as (...args: unknown[]) => unknown;
  let calls = 0;
  const started: { end?: () => Promise<void> | void } = {};
  Object.assign(holder, {
    [method](this: unknown, ...args: unknown[]) {
      if (++calls === call) started.end = fault();
      return original.apply(this, args);
    },
  });
  try {
    return await request();
  } finally {
    Object.assign(holder, { [method]: original });
    await started.end?.();
    await serving();
  }
}

/** FerretDB paused (SIGSTOP) at the first call of `method`, resumed once `request` is answered. */
const cutOff = <T>(holder: object, method: string, request: () => Promise<T>) => faultAt(holder, method, 1, () => {
  stores.mongo.hang();
  return () => stores.mongo.resume();
}, request);

/** FerretDB killed at the `call`th call of `method`, so that write is lost for good (a pause would only delay it); restarted once `request` is answered. */
const crashFerretDbAt = <T>(holder: object, method: string, call: number, request: () => Promise<T>) => faultAt(holder, method, call, () => {
  const crashed = stores.mongo.kill();
  return async () => {
    await crashed;
    await stores.mongo.restart();
  };
}, request);

const serving = () => until(async () => (await new ApiClient(server.url).get('/readyz')).status === 200);

test('a code spent just before FerretDB stops is put back: registration, SMS reset and phone change each retried with the same code', async () => {
  const client = new ApiClient(server.url);
  const person = newApplicant();
  await client.sendCode('register', 'sms', person.phone);
  const registerCode = await client.lastCode(person.phone);
  const form = async () => ({ ...person, otp: { channel: 'sms', code: registerCode }, captchaToken: await client.captchaToken(), agreed: true });
  const firstForm = await form();
  // The account is read, the code spent, the password hashed: FerretDB stops there, before the insert.
  expectUnavailable(await cutOff(server.services.passwords, 'hash', () => timed(() => client.post('/api/v1/accounts', firstForm))), 'mongodb');
  const registered = await client.post('/api/v1/accounts', await form());
  expect(registered.status).toBe(201);
  applicants.push({ client: new ApiClient(server.url), applicant: person, account: registered.body });

  // 短信验证重置密码: the code is spent, then FerretDB stops while the new password is hashed.
  const { resetId } = (await client.post('/api/v1/password-resets', {
    idType: person.idType, idNumber: person.idNumber, name: person.name, captchaToken: await client.captchaToken(),
  })).body;
  expect((await client.post(`/api/v1/password-resets/${resetId}/sms`)).status).toBe(200);
  const resetCode = await client.lastCode(person.phone);
  const reset = { resetId, code: resetCode, newPassword: 'BySms123!x' };
  expectUnavailable(await cutOff(server.services.passwords, 'hash', () => timed(() => client.post('/api/v1/password-resets/complete', reset))), 'mongodb');
  expect((await client.post('/api/v1/password-resets/complete', reset)).status).toBe(204);
  person.password = reset.newPassword;
  expect((await client.post('/api/v1/password-resets/complete', reset)).status).not.toBe(204); // one use: the flow is closed

  // 修改手机号码: the code to the new number is spent, then FerretDB stops before the account's update.
  const signedIn = new ApiClient(server.url);
  expect((await login(signedIn, person.idNumber, person.password)).status).toBe(200);
  const phone = newApplicant().phone;
  await signedIn.sendCode('change-phone', 'sms', phone);
  const change = { phone, code: await signedIn.lastCode(phone), password: person.password };
  expectUnavailable(await cutOff(server.deps.accounts, 'findByIdAndUpdate', () => timed(() => signedIn.request('PUT', '/api/v1/me/phone', change))), 'mongodb');
  expect((await signedIn.request('PUT', '/api/v1/me/phone', change)).status).toBe(200);
  expect((await signedIn.request('PUT', '/api/v1/me/phone', change)).body.error.code).toBe('OTP_INVALID');
  person.phone = phone;
});

test('a password reset by mail link cut off by the fault: the same link works once FerretDB is back', async () => {
  const { applicant } = applicants[0]!;
  const client = new ApiClient(server.url);
  const started = await client.post('/api/v1/password-resets', {
    idType: applicant.idType, idNumber: applicant.idNumber, name: applicant.name, captchaToken: await client.captchaToken(),
  });
  expect((await client.post(`/api/v1/password-resets/${started.body.resetId}/email`)).status).toBe(202);
  const token = decodeURIComponent(/token=([\w%-]+)/.exec((await client.lastMessage(applicant.email))!.text)![1]!);
  const newPassword = 'AfterFault1!';
  stores.mongo.hang();
  const cut = await timed(() => client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword }))
    .finally(() => stores.mongo.resume());
  expectUnavailable(cut, 'mongodb');
  await until(async () => (await client.get('/readyz')).status === 200);
  expect((await client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword })).status).toBe(204);
  // Still one use: the link is spent now.
  expect((await client.post('/api/v1/password-resets/complete', { linkToken: token, newPassword: 'Again123!x' })).body.error.code).toBe('OTP_INVALID');
  applicant.password = newPassword;
  expect((await login(new ApiClient(server.url), applicant.idNumber, newPassword)).status).toBe(200);
});

test('audit: no account, case, photo or session lost or duplicated', async () => {
  await sleep(200);
  const db = server.deps.mongo;
  const accounts = await server.deps.accounts.find({}, { _id: 1 }).lean();
  expect(accounts).toHaveLength(applicants.length);
  expect(new Set(accounts.map((a) => String(a._id))).size).toBe(applicants.length);
  const cases = await db.collection('review_cases').find({}).toArray();
  // The manual reviews decided by the desk and by the sweep, and the two filed since: one settled by the sweep, one
  // retried after the fault.
  expect(cases).toHaveLength(4);
  const photos = await db.collection('case_photos').find({}).toArray();
  // A case's _id is its ref: three photos of each case, none of any other.
  const refs = cases.map((c) => String(c._id));
  expect(photos.map((p) => p.caseRef).sort()).toEqual(refs.flatMap((ref) => [ref, ref, ref]).sort());
  for (const ref of refs) expect(new Set(photos.filter((p) => p.caseRef === ref).map((p) => p.role)).size).toBe(3);
  const decided = cases.find((c) => c.status === 'approved')!;
  const { entries } = await server.services.audit.ofCase(String(decided._id));
  expect(entries.filter((e) => e.action === 'case.approved')).toHaveLength(1);
  expect(cases.filter((c) => c.status === 'pending')).toHaveLength(2);
  // Sessions made before the faults still work, and every account logs in.
  // (The first applicant's sessions ended with the reset, as they must.)
  expect((await applicants[1]!.client.get('/api/v1/me')).status).toBe(200);
  for (const { applicant } of applicants) expect((await login(new ApiClient(server.url), applicant.idNumber, applicant.password)).status).toBe(200);
});
