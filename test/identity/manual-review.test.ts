/**
 * 人工审核 over HTTP: three JPEG photos under 190 KB judged by content, 3 requests a period, nothing else while
 * one is pending, staff decisions that the applicant sees, and photos encrypted at rest.
 */
import { Types } from 'mongoose';
import { UPLOAD_MAX_BYTES } from '../../server/src/uploads/rules';
import { reviewPeriodOf } from '../../server/src/verification/periods';
import { registeredApplicant } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';
import { jpeg, jpegOfExactly, manualReviewForm, multipart, png, registerIdentity, reviewPhotos } from './helpers';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const reviewer = { id: new Types.ObjectId().toString(), name: '审核员甲', role: 'reviewer' as const };
const cases = () => server.deps.mongo.collection('review_cases');
const photos = () => server.deps.mongo.collection('case_photos');

/** Photos whose case does not exist: what a failed submission must not leave. */
async function orphanPhotos(): Promise<number> {
  const caseIds = new Set((await cases().find({}, { projection: { _id: 1 } }).toArray()).map((c) => c._id.toString()));
  return (await photos().find({}, { projection: { caseRef: 1 } }).toArray()).filter((p) => !caseIds.has(String(p.caseRef))).length;
}

async function decide(ref: string, outcome: 'approved' | 'rejected', reason: string | null = null) {
  await server.services.review.desk.decide(ref, reviewer, { outcome, reason, reply: null });
}

describe('submitting a manual review', () => {
  it('accepts three JPEGs with the validity fields and a reason, and the account waits for review', async () => {
    const { client } = await registeredApplicant(server.url);
    const submitted = await client.post('/api/v1/me/manual-reviews', await manualReviewForm({ validity: '10y', validFrom: '2019-10-15' }));
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'pending', manualReviewsLeft: 2 });
    expect(submitted.body.dueBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const status = await client.get('/api/v1/me/verification');
    expect(status.body).toMatchObject({ status: 'manual-pending', manualReviewsLeft: 2 });
    expect(status.body.pendingReview.id).toBe(submitted.body.id);
    expect((await client.get('/api/v1/me')).body.verification.status).toBe('manual-pending');
  });

  it('refuses verification, another review and identity-field changes while one is pending', async () => {
    const { client } = await registeredApplicant(server.url);
    expect((await client.post('/api/v1/me/manual-reviews', await manualReviewForm())).status).toBe(202);
    const verify = await client.post('/api/v1/me/verification', {});
    expect(verify.status).toBe(409);
    expect(verify.body.error.code).toBe('REVIEW_PENDING');
    const again = await client.post('/api/v1/me/manual-reviews', await manualReviewForm());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REVIEW_PENDING');
    const patch = await client.request('PATCH', '/api/v1/me', { ethnicity: '汉族' });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('REVIEW_PENDING');
    expect((await client.get('/api/v1/me/verification')).body.remainingToday).toBe(3);
  });

  it('lets only one of two simultaneous requests through', async () => {
    const { client } = await registeredApplicant(server.url);
    const [a, b] = await Promise.all([
      client.post('/api/v1/me/manual-reviews', await manualReviewForm()),
      client.post('/api/v1/me/manual-reviews', await manualReviewForm()),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const account = (await client.get('/api/v1/me')).body;
    expect(await cases().countDocuments({ accountId: account.id })).toBe(1);
    const stored = await cases().findOne({ accountId: account.id });
    expect(await photos().countDocuments({ caseRef: stored!._id })).toBe(3);
    expect(await orphanPhotos()).toBe(0);
  });

  it('validates the fields', async () => {
    const { client } = await registeredApplicant(server.url);
    const noReason = await client.post('/api/v1/me/manual-reviews', await manualReviewForm({ reason: '' }));
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    const future = await client.post('/api/v1/me/manual-reviews', await manualReviewForm({ validFrom: '2999-01-01' }));
    expect(future.body.error.details.fields.validFrom).toBeDefined();
  });
});

describe('bad uploads get UPLOAD_INVALID and leave nothing behind', () => {
  async function expectInvalid(files: Record<string, { data: Buffer; name?: string; type?: string }>, field: string) {
    const { client, account } = await registeredApplicant(server.url);
    const [casesBefore, photosBefore] = [await cases().countDocuments(), await photos().countDocuments()];
    const reply = await client.post('/api/v1/me/manual-reviews', await manualReviewForm({}, { ...await reviewPhotos(), ...files }));
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('UPLOAD_INVALID');
    expect(reply.body.error.details.fields[field]).toBeDefined();
    expect(await cases().countDocuments()).toBe(casesBefore);
    expect(await photos().countDocuments()).toBe(photosBefore);
    const status = await client.get('/api/v1/me/verification');
    expect(status.body).toMatchObject({ status: 'unverified', manualReviewsLeft: 3 });
    expect(await cases().countDocuments({ accountId: account.id })).toBe(0);
    expect(await orphanPhotos()).toBe(0);
  }

  it('a PNG renamed .jpg and declared image/jpeg', async () => {
    await expectInvalid({ idBack: { data: await png(), name: 'back.jpg', type: 'image/jpeg' } }, 'idBack');
  });

  it('a file of exactly 190 KB', async () => {
    const exactly = await jpegOfExactly(190 * 1024);
    await expectInvalid({ handheld: { data: exactly } }, 'handheld');
  });

  it('an empty file', async () => {
    await expectInvalid({ idFront: { data: Buffer.alloc(0) } }, 'idFront');
  });

  it('a huge body', async () => {
    await expectInvalid({ idFront: { data: Buffer.concat([await jpeg(20_000), Buffer.alloc(3 * 1024 * 1024, 1)]) } }, 'idFront');
  });

  it('a missing photo', async () => {
    const { client } = await registeredApplicant(server.url);
    const photosOnly = await reviewPhotos();
    delete photosOnly.handheld;
    const reply = await client.post('/api/v1/me/manual-reviews', multipart({ validity: '20y', validFrom: '2020-05-01', reason: '原因' }, photosOnly));
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('UPLOAD_INVALID');
  });

  it('a JPEG header on bytes that are not an image', async () => {
    await expectInvalid({ idFront: { data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1000, 7)]) } }, 'idFront');
  });

  it('while one byte under 190 KB is accepted', async () => {
    const { client } = await registeredApplicant(server.url);
    const justUnder = await jpegOfExactly(UPLOAD_MAX_BYTES);
    const reply = await client.post('/api/v1/me/manual-reviews', await manualReviewForm({}, { ...await reviewPhotos(), handheld: { data: justUnder, name: 'photo.jpeg', type: 'application/octet-stream' } }));
    expect(reply.status).toBe(202);
  });
});

describe('staff decisions', () => {
  it('a rejection shows its reason, lets the applicant fix the data and ask again', async () => {
    const { client } = await registeredApplicant(server.url);
    const submitted = await client.post('/api/v1/me/manual-reviews', await manualReviewForm());
    await decide(submitted.body.id, 'rejected', '民族错误');
    const status = await client.get('/api/v1/me/verification');
    expect(status.body).toMatchObject({ status: 'manual-rejected', reason: '民族错误', manualReviewsLeft: 2, pendingReview: null });
    expect((await client.get('/api/v1/me')).body.verification).toMatchObject({ status: 'manual-rejected', reason: '民族错误' });
    expect((await client.request('PATCH', '/api/v1/me', { ethnicity: '回族' })).status).toBe(200);
    expect((await client.post('/api/v1/me/manual-reviews', await manualReviewForm())).status).toBe(202);
  });

  it('an approval applies the validity fields; a later failed verification does not undo it, a success updates it', async () => {
    const { client, applicant } = await registeredApplicant(server.url);
    const submitted = await client.post('/api/v1/me/manual-reviews', await manualReviewForm({ validity: '10y', validFrom: '2018-03-01' }));
    await decide(submitted.body.id, 'approved');
    const me = (await client.get('/api/v1/me')).body;
    expect(me.verification.status).toBe('manual-approved');
    expect(me).toMatchObject({ validity: '10y', validFrom: '2018-03-01', validTo: '2028-03-01' });
    const failed = await client.post('/api/v1/me/verification', {});
    expect(failed.body.status).toBe('failed');
    expect((await client.get('/api/v1/me/verification')).body.status).toBe('manual-approved');
    await registerIdentity(client, applicant);
    expect((await client.post('/api/v1/me/verification', {})).body.status).toBe('verified');
    expect((await client.get('/api/v1/me/verification')).body.status).toBe('verified');
  });

  it('allows 3 requests a period, then REVIEW_PERIOD_LIMIT', async () => {
    const { client } = await registeredApplicant(server.url);
    for (let i = 0; i < 3; i++) {
      const submitted = await client.post('/api/v1/me/manual-reviews', await manualReviewForm());
      expect(submitted.status).toBe(202);
      expect(submitted.body.manualReviewsLeft).toBe(2 - i);
      await decide(submitted.body.id, 'rejected', '照片不清晰，无法识别');
    }
    const fourth = await client.post('/api/v1/me/manual-reviews', await manualReviewForm());
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('REVIEW_PERIOD_LIMIT');
    expect((await client.get('/api/v1/me/verification')).body.manualReviewsLeft).toBe(0);
  });

  it('counts only requests of the current period', async () => {
    const { client, account } = await registeredApplicant(server.url);
    const lastPeriod = new Date(reviewPeriodOf().start.getTime() - 1000);
    // The last period's three reviews, as filing leaves them: its quota keys taken.
    const lastFrom = reviewPeriodOf(lastPeriod).from;
    await server.deps.mongo.collection<{ _id: string }>('review_keys').insertMany([1, 2, 3].map((n) => ({
      _id: `quota:manual-review:${account.id}:${lastFrom}:${n}`, ref: `old-${n}`, at: lastPeriod,
    })));
    expect((await client.get('/api/v1/me/verification')).body.manualReviewsLeft).toBe(3);
  });
});

describe('periods', () => {
  it('splits the year at 1 September, Asia/Shanghai time', () => {
    expect(reviewPeriodOf(new Date('2025-08-31T15:59:59Z'))).toMatchObject({ from: '2025-01-01', to: '2025-08-31' });
    expect(reviewPeriodOf(new Date('2025-08-31T16:00:00Z'))).toMatchObject({ from: '2025-09-01', to: '2025-12-31' });
    expect(reviewPeriodOf(new Date('2025-12-31T16:00:00Z'))).toMatchObject({ from: '2026-01-01', to: '2026-08-31' });
    expect(reviewPeriodOf(new Date('2025-09-01T00:00:00Z')).start.toISOString()).toBe('2025-08-31T16:00:00.000Z');
  });
});

describe('photos at rest', () => {
  it('are stored encrypted and bound to their case', async () => {
    const { client } = await registeredApplicant(server.url);
    const files = await reviewPhotos();
    const submitted = await client.post('/api/v1/me/manual-reviews', await manualReviewForm({}, files));
    const stored = await cases().findOne({ _id: submitted.body.id });
    const blobs = await photos().find({ caseRef: stored!._id }).toArray();
    expect(blobs.map((b) => b.role).sort()).toEqual(['handheld', 'idBack', 'idFront']);
    for (const blob of blobs) {
      const sealed = Buffer.from(blob.sealed.buffer);
      const original = files[blob.role]!.data;
      expect(sealed.includes(original.subarray(0, 64))).toBe(false);
      expect(sealed.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
      expect((await server.services.review.photos.load(String(stored!._id), blob.role))!.equals(original)).toBe(true);
    }
  });
});
