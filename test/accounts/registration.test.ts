import { ApiClient, newApplicant, newPermitHolder, register, type Applicant } from '../support/client';
import { hkmoPermit, phoneNumber, residencePermitId, residentId, twPermit } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

/** Posts a registration with a valid SMS code for the applicant's phone; `body` overrides fields of the request. */
async function submit(client: ApiClient, applicant: Applicant, body: Record<string, unknown> = {}) {
  await client.sendCode('register', 'sms', applicant.phone);
  const code = await client.lastCode(applicant.phone);
  return client.post('/api/v1/accounts', {
    ...applicant, otp: { channel: 'sms', code }, captchaToken: await client.captchaToken(), agreed: true, ...body,
  });
}

describe('registration of each document type', () => {
  test('居民身份证: 201 with the account masked and the end date computed', async () => {
    const client = new ApiClient(server.url);
    const applicant = newApplicant({ validity: '20y', validFrom: '2016-02-29' });
    const reply = await register(client, applicant);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      idType: 'resident-id',
      idNumber: applicant.idNumber.slice(0, 2) + '*'.repeat(14) + applicant.idNumber.slice(-2),
      name: '张三',
      validity: '20y',
      validFrom: '2016-02-29',
      validTo: '2036-02-29',
      email: `${applicant.email[0]}*****@qq.com`,
      phone: `${applicant.phone.slice(0, 3)}*****${applicant.phone.slice(-2)}`,
      gender: Number(applicant.idNumber[16]) % 2 === 1 ? 'male' : 'female',
      birthDate: '1990-03-07',
      profileComplete: false,
      verification: { status: 'unverified' },
    });
    expect(JSON.stringify(reply.body)).not.toContain(applicant.idNumber);
    expect(reply.body).not.toHaveProperty('passwordHash');
  });

  test('a 29 February start date ends on 28 February of a common year', async () => {
    const reply = await register(new ApiClient(server.url), newApplicant({ validity: '10y', validFrom: '2020-02-29' }));
    expect(reply.body.validTo).toBe('2030-02-28');
  });

  test('长期 has no end date', async () => {
    const reply = await register(new ApiClient(server.url), newApplicant({ idNumber: residentId('19600101'), validity: 'long', validFrom: '2010-01-01' }));
    expect(reply.status).toBe(201);
    expect(reply.body.validTo).toBeNull();
  });

  test('港澳居民来往内地通行证: H or M and 8 digits, lower case accepted and upper-cased', async () => {
    const number = hkmoPermit();
    const reply = await register(new ApiClient(server.url), newPermitHolder({ idNumber: number.toLowerCase() }));
    expect(reply.status).toBe(201);
    expect(reply.body.idNumber).toBe(`${number.slice(0, 2)}*****${number.slice(-2)}`);
    expect(reply.body.gender).toBeNull();
  });

  test('台湾居民来往大陆通行证: 8 digits, 5 years', async () => {
    const reply = await register(new ApiClient(server.url), newApplicant({ idType: 'tw-permit', idNumber: twPermit(), validity: '5y', validFrom: '2023-01-01', name: '林志玲' }));
    expect(reply.status).toBe(201);
    expect(reply.body.validTo).toBe('2028-01-01');
  });

  test('港澳台居民居住证: 18 digits starting with the region code, with its check digit', async () => {
    const reply = await register(new ApiClient(server.url), newApplicant({ idType: 'residence-permit', region: 'mo', idNumber: residencePermitId('mo'), validity: '5y', validFrom: '2023-06-01', name: '何鸿燊' }));
    expect(reply.status).toBe(201);
    expect(reply.body.region).toBe('mo');
  });

  test('names keep rare characters outside the BMP and fold look-alike middle dots', async () => {
    const reply = await register(new ApiClient(server.url), newApplicant({ name: '买买提・𠀀艾力' }));
    expect(reply.status).toBe(201);
    expect(reply.body.name).toBe('买买提·𠀀艾力');
  });
});

describe('bad input gets VALIDATION_FAILED on the failing field', () => {
  const cases: Array<[string, Partial<Applicant> | Record<string, unknown>, string]> = [
    ['a wrong check digit', { idNumber: residentId().slice(0, 17) + 'Z' }, 'idNumber'],
    ['an altered check digit', { idNumber: (() => { const n = residentId(); return n.slice(0, 17) + (n[17] === '0' ? '1' : '0'); })() }, 'idNumber'],
    ['an impossible birth date', { idNumber: '110101' + '19900231' + '1234' }, 'idNumber'],
    ['an unknown region', { idNumber: (() => { const n = residentId('19900101', '990101'); return n; })() }, 'idNumber'],
    ['a permit number with the renewal count', { idType: 'hkmo-permit', idNumber: 'H1234567801', validity: '10y' }, 'idNumber'],
    ['a permit number without H or M', { idType: 'hkmo-permit', idNumber: 'A12345678', validity: '10y' }, 'idNumber'],
    ['a Taiwan permit of 9 digits', { idType: 'tw-permit', idNumber: '123456789', validity: '5y' }, 'idNumber'],
    ['a residence permit with a mainland prefix', { idType: 'residence-permit', region: 'hk', idNumber: residentId(), validity: '5y' }, 'idNumber'],
    ['a residence permit of another region', { idType: 'residence-permit', region: 'tw', idNumber: residencePermitId('hk'), validity: '5y' }, 'idNumber'],
    ['a residence permit without region', { idType: 'residence-permit', idNumber: residencePermitId('hk'), validity: '5y' }, 'region'],
    ['a name with Latin letters', { name: '张San' }, 'name'],
    ['a name with a space', { name: '张 三' }, 'name'],
    ['a one-character name', { name: '张' }, 'name'],
    ['a password without a special character', { password: 'Abcd12345' }, 'password'],
    ['a password without a digit', { password: 'Abcdefgh#' }, 'password'],
    ['a password without a letter', { password: '12345678#' }, 'password'],
    ['a password of 7 characters', { password: 'Ab1#Ab1' }, 'password'],
    ['a password with a special character outside the list', { password: 'Abc12345^' }, 'password'],
    ['a password with a full-width character', { password: 'Abc12345＃' }, 'password'],
    ['a password of 33 characters', { password: 'Ab1#' + 'a'.repeat(29) }, 'password'],
    ['a mail address with a full-width dot', { email: '12345@qq。com' }, 'email'],
    ['a qq.com mail with an alias', { email: 'zhangsan@qq.com' }, 'email'],
    ['a mail address without domain', { email: 'abc@' }, 'email'],
    ['a 10-digit phone number', { phone: '1581234567' }, 'phone'],
    ['a phone number starting 12', { phone: '12812345678' }, 'phone'],
    ['an unknown validity', { validity: '15y' }, 'validity'],
    ['a validity the document does not have', { idType: 'tw-permit', idNumber: twPermit(), validity: '10y' }, 'validity'],
    ['a start date in the future', { validFrom: '2999-01-01' }, 'validFrom'],
    ['an expired document', { validity: '5y', validFrom: '2001-01-01' }, 'validFrom'],
    ['an impossible start date', { validFrom: '2021-02-30' }, 'validFrom'],
    ['the agreement not accepted', { agreed: false }, 'agreed'],
    ['an unknown ID type', { idType: 'passport' }, 'idType'],
  ];
  test.each(cases)('%s', async (_label, change, field) => {
    const client = new ApiClient(server.url);
    const applicant = newApplicant();
    const reply = await client.post('/api/v1/accounts', {
      ...applicant, otp: { channel: 'sms', code: '123456' }, captchaToken: 'unused', agreed: true, ...change,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('VALIDATION_FAILED');
    expect(typeof reply.body.error.message).toBe('string');
    expect(reply.body.error.details.fields).toHaveProperty(field);
  });

  test('a body that is not JSON is refused in the same envelope', async () => {
    const reply = await new ApiClient(server.url).request('POST', '/api/v1/accounts', undefined, { 'content-type': 'application/json' });
    const broken = await fetch(`${server.url}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"idType":' });
    expect(reply.status).toBe(400);
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  test('an oversized body is refused before it is read', async () => {
    const response = await fetch(`${server.url}/api/v1/accounts`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(100_000) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('codes and captcha guard registration', () => {
  test('without a captcha token: CAPTCHA_REQUIRED, and nothing is created', async () => {
    const client = new ApiClient(server.url);
    const applicant = newApplicant();
    await client.sendCode('register', 'sms', applicant.phone);
    const code = await client.lastCode(applicant.phone);
    const reply = await client.post('/api/v1/accounts', { ...applicant, otp: { channel: 'sms', code }, captchaToken: 'forged', agreed: true });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('CAPTCHA_REQUIRED');
    expect(await server.deps.accounts.countDocuments({ phone: applicant.phone })).toBe(0);
  });

  test('a code sent to another phone does not register this one', async () => {
    const client = new ApiClient(server.url);
    const applicant = newApplicant();
    const other = phoneNumber();
    await client.sendCode('register', 'sms', other);
    const reply = await client.post('/api/v1/accounts', {
      ...applicant, otp: { channel: 'sms', code: await client.lastCode(other) }, captchaToken: await client.captchaToken(), agreed: true,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('OTP_INVALID');
  });

  test('a code is spent by its first use', async () => {
    const client = new ApiClient(server.url);
    const applicant = newApplicant();
    const first = await submit(client, applicant);
    expect(first.status).toBe(201);
    const again = await client.post('/api/v1/accounts', {
      ...newApplicant({ phone: applicant.phone }), otp: { channel: 'sms', code: await client.lastCode(applicant.phone) },
      captchaToken: await client.captchaToken(), agreed: true,
    });
    expect(again.body.error.code).toBe('OTP_INVALID');
  });
});

describe('one account per document', () => {
  test('a second registration of the same document gets 409 该用户已注册', async () => {
    const client = new ApiClient(server.url);
    const applicant = newApplicant();
    expect((await register(client, applicant)).status).toBe(201);
    const second = await register(client, newApplicant({ idNumber: applicant.idNumber.toLowerCase() }));
    expect(second.status).toBe(409);
    expect(second.body.error).toEqual({ code: 'ACCOUNT_EXISTS', message: '该用户已注册' });
  });

  test('two registrations of one document at once create exactly one account', async () => {
    const idNumber = residentId();
    const attempts = await Promise.all(Array.from({ length: 6 }, async () => {
      const client = new ApiClient(server.url);
      const applicant = newApplicant({ idNumber });
      await client.sendCode('register', 'sms', applicant.phone);
      return {
        client,
        body: { ...applicant, otp: { channel: 'sms', code: await client.lastCode(applicant.phone) }, captchaToken: await client.captchaToken(), agreed: true },
      };
    }));
    const replies = await Promise.all(attempts.map(({ client, body }) => client.post('/api/v1/accounts', body)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const stored = await server.deps.accounts.countDocuments({ _id: server.deps.pii.blindIndex('idNumber', idNumber) });
    expect(stored).toBe(1);
  });

  test('registrations of one legacy (pre-2019) document at once replace it exactly once', async () => {
    const idNumber = residentId('19790101');
    const accountId = server.deps.directory.idIndexOf(idNumber);
    await server.deps.accounts.create({
      _id: accountId, idCipher: server.deps.pii.encrypt('idNumber', idNumber), idType: 'resident-id', name: '王五',
      legacy: true, legacyRegisteredAt: new Date('2016-01-01'),
    });
    const attempts = await Promise.all(Array.from({ length: 4 }, async () => {
      const client = new ApiClient(server.url);
      const applicant = newApplicant({ idNumber, name: '王五' });
      await client.sendCode('register', 'sms', applicant.phone);
      return {
        client, applicant,
        body: { ...applicant, otp: { channel: 'sms', code: await client.lastCode(applicant.phone) }, captchaToken: await client.captchaToken(), agreed: true },
      };
    }));
    const replies = await Promise.all(attempts.map(({ client, body }) => client.post('/api/v1/accounts', body)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const winner = attempts[replies.findIndex((r) => r.status === 201)]!.applicant;
    const stored = await server.deps.accounts.findById(accountId).lean();
    expect(stored).toMatchObject({ legacy: false, phone: winner.phone, email: winner.email });
  });
});
