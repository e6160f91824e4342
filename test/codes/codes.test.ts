import { shanghaiDate } from '../../shared/src/dates';
import { ApiClient, dragTrack } from '../support/client';
import { phoneNumber, qqMail } from '../support/identities';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const codeKey = (purpose: string, channel: string, to: string) => `{codes}:code:${purpose}:${channel}:${to}`;

describe('verification codes', () => {
  test('a 6-digit code by SMS, valid 5 minutes, stored only as a hash', async () => {
    const client = new ApiClient(server.url);
    const phone = phoneNumber();
    const reply = await client.sendCode('register', 'sms', phone);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ expiresIn: 300, message: '短信验证码已经发送，请注意接收' });
    const message = await client.lastMessage(phone);
    expect(message).toMatchObject({ channel: 'sms', to: phone });
    const code = await client.lastCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const ttl = await server.deps.redis.ttl(codeKey('register', 'sms', phone));
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
    const stored = await server.deps.redis.hGetAll(codeKey('register', 'sms', phone));
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  test('a code by mail', async () => {
    const client = new ApiClient(server.url);
    const email = qqMail();
    expect((await client.sendCode('change-email', 'email', email)).status).toBe(200);
    expect(await client.lastMessage(email)).toMatchObject({ channel: 'email', subject: '中国教师资格网验证码' });
  });

  test('at most 3 SMS codes a phone a day for each purpose, counted on the Asia/Shanghai date', async () => {
    const phone = phoneNumber();
    for (let i = 0; i < 3; i++) expect((await new ApiClient(server.url).sendCode('register', 'sms', phone)).status).toBe(200);
    const fourth = await new ApiClient(server.url).sendCode('register', 'sms', phone);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('OTP_DAILY_LIMIT');
    expect(await server.deps.redis.exists(`{codes}:code-daily:register:sms:${phone}:${shanghaiDate()}`)).toBe(1);
    expect(await server.deps.redis.ttl(`{codes}:code-daily:register:sms:${phone}:${shanghaiDate()}`)).toBeLessThanOrEqual(86_400 + 60);
  });

  test('three captchas spent on registration codes do not use up the owner’s reset codes for the day', async () => {
    const phone = phoneNumber();
    for (let i = 0; i < 3; i++) expect((await new ApiClient(server.url).sendCode('register', 'sms', phone)).status).toBe(200);
    expect((await new ApiClient(server.url).sendCode('register', 'sms', phone)).status).toBe(429);
    for (let i = 0; i < 3; i++) expect((await new ApiClient(server.url).sendCode('reset', 'sms', phone)).status).toBe(200);
    expect((await new ApiClient(server.url).sendCode('reset', 'sms', phone)).body.error.code).toBe('OTP_DAILY_LIMIT');
  });

  test('a code dies after 5 wrong tries, even for the right code afterwards', async () => {
    const client = new ApiClient(server.url);
    const phone = phoneNumber();
    await client.sendCode('change-phone', 'sms', phone);
    const code = await client.lastCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const target = { purpose: 'change-phone' as const, channel: 'sms' as const, to: phone };
    for (let i = 0; i < 5; i++) await expect(server.services.codes.consume(target, wrong)).rejects.toMatchObject({ code: 'OTP_INVALID' });
    await expect(server.services.codes.consume(target, code)).rejects.toMatchObject({ code: 'OTP_INVALID' });
  });

  test('four wrong tries leave the code usable once', async () => {
    const client = new ApiClient(server.url);
    const phone = phoneNumber();
    await client.sendCode('change-phone', 'sms', phone);
    const code = await client.lastCode(phone);
    const target = { purpose: 'change-phone' as const, channel: 'sms' as const, to: phone };
    for (let i = 0; i < 4; i++) await expect(server.services.codes.consume(target, code === '999999' ? '888888' : '999999')).rejects.toBeTruthy();
    await expect(server.services.codes.consume(target, code)).resolves.toBe('');
    await expect(server.services.codes.consume(target, code)).rejects.toMatchObject({ code: 'OTP_INVALID' });
  });

  test('an expired code is refused (the key is gone when Redis expires it)', async () => {
    const client = new ApiClient(server.url);
    const phone = phoneNumber();
    await client.sendCode('change-phone', 'sms', phone);
    const code = await client.lastCode(phone);
    await server.deps.redis.pExpire(codeKey('change-phone', 'sms', phone), 1);
    await new Promise((r) => setTimeout(r, 20));
    await expect(server.services.codes.consume({ purpose: 'change-phone', channel: 'sms', to: phone }, code)).rejects.toMatchObject({ code: 'OTP_INVALID' });
  });

  test('a code for one purpose does not serve another', async () => {
    const client = new ApiClient(server.url);
    const phone = phoneNumber();
    await client.sendCode('register', 'sms', phone);
    const code = await client.lastCode(phone);
    await expect(server.services.codes.consume({ purpose: 'reset', channel: 'sms', to: phone }, code)).rejects.toMatchObject({ code: 'OTP_INVALID' });
  });

  test('bad requests: unknown purpose, bad phone, bad mail, no captcha', async () => {
    const client = new ApiClient(server.url);
    const token = await client.captchaToken();
    const cases = [
      { purpose: 'login', channel: 'sms', to: phoneNumber(), captchaToken: token },
      { purpose: 'register', channel: 'sms', to: '12345', captchaToken: token },
      { purpose: 'register', channel: 'email', to: 'alias@qq.com', captchaToken: token },
      { purpose: 'register', channel: 'fax', to: phoneNumber(), captchaToken: token },
    ];
    for (const body of cases) {
      const reply = await client.post('/api/v1/otp', body);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('VALIDATION_FAILED');
    }
    const noCaptcha = await client.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: phoneNumber(), captchaToken: 'forged' });
    expect(noCaptcha.body.error.code).toBe('CAPTCHA_REQUIRED');
  });

  test('a client address gets at most 20 codes an hour', async () => {
    const client = new ApiClient(server.url);
    for (let i = 0; i < 20; i++) expect((await client.sendCode('register', 'sms', phoneNumber())).status).toBe(200);
    const refused = await client.sendCode('register', 'sms', phoneNumber());
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
  });
});

describe('resend interval', () => {
  let strict: TestServer;
  beforeAll(async () => { strict = await startTestServer({ OTP_RESEND_INTERVAL_SECONDS: '60' }); });
  afterAll(async () => { await strict.close(); });

  test('a second code to the same phone within 60 s is refused', async () => {
    const client = new ApiClient(strict.url);
    const phone = phoneNumber();
    expect((await client.sendCode('register', 'sms', phone)).status).toBe(200);
    const again = await client.sendCode('register', 'sms', phone);
    expect(again.status).toBe(429);
    expect(again.body.error).toMatchObject({ code: 'RATE_LIMITED', message: '请60秒后再获取验证码' });
  });
});

describe('slider captcha', () => {
  test('a puzzle: two PNG images, the piece row, and an answer that expires in 2 minutes', async () => {
    const client = new ApiClient(server.url);
    const puzzle = await client.post('/api/v1/captcha');
    expect(puzzle.status).toBe(200);
    expect(puzzle.body.background).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(puzzle.body.piece).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(puzzle.body).toMatchObject({ width: 320, pieceSize: 50 });
    expect(typeof puzzle.body.pieceY).toBe('number');
    const ttl = await server.deps.redis.ttl(`captcha:${puzzle.body.id}`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  test('a drop within the tolerance passes; the token is one use', async () => {
    const client = new ApiClient(server.url);
    const puzzle = await client.post('/api/v1/captcha');
    const { x } = (await client.get(`/dev/captcha/${puzzle.body.id}`)).body;
    const verified = await client.post('/api/v1/captcha/verify', { id: puzzle.body.id, x: x + 4, track: [[0, 0], [x / 2, 150], [x + 4, 400]] });
    expect(verified.status).toBe(200);
    const token = verified.body.captchaToken;
    await expect(server.services.captcha.consume(token)).resolves.toBeUndefined();
    await expect(server.services.captcha.consume(token)).rejects.toMatchObject({ code: 'CAPTCHA_REQUIRED' });
  });

  test('a wrong drop burns the puzzle: the right answer afterwards fails too', async () => {
    const client = new ApiClient(server.url);
    const puzzle = await client.post('/api/v1/captcha');
    const { x } = (await client.get(`/dev/captcha/${puzzle.body.id}`)).body;
    const wrong = await client.post('/api/v1/captcha/verify', { id: puzzle.body.id, x: x + 20, track: dragTrack(x + 20) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CAPTCHA_FAILED');
    const right = await client.post('/api/v1/captcha/verify', { id: puzzle.body.id, x, track: dragTrack(x) });
    expect(right.body.error.code).toBe('CAPTCHA_FAILED');
  });

  test('a track that jumps straight to the answer fails', async () => {
    const client = new ApiClient(server.url);
    const puzzle = await client.post('/api/v1/captcha');
    const { x } = (await client.get(`/dev/captcha/${puzzle.body.id}`)).body;
    const reply = await client.post('/api/v1/captcha/verify', { id: puzzle.body.id, x, track: [[x, 0], [x, 0]] });
    expect(reply.body.error.code).toBe('CAPTCHA_FAILED');
  });

  test('the drag track is required: a drop without one is refused and answers nothing', async () => {
    const client = new ApiClient(server.url);
    const puzzle = await client.post('/api/v1/captcha');
    const { x } = (await client.get(`/dev/captcha/${puzzle.body.id}`)).body;
    for (const track of [undefined, [], [[x, 0]]]) {
      const reply = await client.post('/api/v1/captcha/verify', { id: puzzle.body.id, x, track });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('VALIDATION_FAILED');
      expect(reply.body.captchaToken).toBeUndefined();
    }
  });

  test('the text challenge: a question in words, answered with digits, gives the same one-use token', async () => {
    const client = new ApiClient(server.url);
    const challenge = await client.post('/api/v1/captcha', { kind: 'text' });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toMatchObject({ kind: 'text', expiresIn: 120 });
    expect(challenge.body.question).toMatch(/^[零一二三四五六七八九十加减去和相结果是等于多少，？]+$/);
    expect(challenge.body.background).toBeUndefined();
    const ttl = await server.deps.redis.ttl(`captcha:${challenge.body.id}`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);

    const { answer } = (await client.get(`/dev/captcha/${challenge.body.id}`)).body;
    expect(answer).toMatch(/^\d+$/);
    const fullWidth = ` ${String(answer).replace(/\d/g, (d: string) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))} `;
    const verified = await client.post('/api/v1/captcha/verify', { id: challenge.body.id, answer: fullWidth });
    expect(verified.status).toBe(200);
    expect(verified.body.expiresIn).toBe(120);
    // The same token guards every route: here, sending a code.
    const sent = await client.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: phoneNumber(), captchaToken: verified.body.captchaToken });
    expect(sent.status).toBe(200);
    const again = await client.post('/api/v1/otp', { purpose: 'register', channel: 'sms', to: phoneNumber(), captchaToken: verified.body.captchaToken });
    expect(again.body.error.code).toBe('CAPTCHA_REQUIRED');
  });

  test('the slider is the default and says so', async () => {
    const client = new ApiClient(server.url);
    expect((await client.post('/api/v1/captcha', { kind: 'slider' })).body.kind).toBe('slider');
    expect((await client.request('POST', '/api/v1/captcha')).body.kind).toBe('slider');
    expect((await client.post('/api/v1/captcha', { kind: 'audio' })).body.error.code).toBe('VALIDATION_FAILED');
  });

  test('a wrong text answer burns the question; a slider drop cannot answer it', async () => {
    const client = new ApiClient(server.url);
    const challenge = await client.post('/api/v1/captcha', { kind: 'text' });
    const { answer } = (await client.get(`/dev/captcha/${challenge.body.id}`)).body;
    const wrong = await client.post('/api/v1/captcha/verify', { id: challenge.body.id, answer: String(Number(answer) + 1) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CAPTCHA_FAILED');
    const right = await client.post('/api/v1/captcha/verify', { id: challenge.body.id, answer });
    expect(right.body.error.code).toBe('CAPTCHA_FAILED');

    const other = await client.post('/api/v1/captcha', { kind: 'text' });
    const asDrop = await client.post('/api/v1/captcha/verify', { id: other.body.id, x: Number((await client.get(`/dev/captcha/${other.body.id}`)).body.answer), track: dragTrack(10) });
    expect(asDrop.body.error.code).toBe('CAPTCHA_FAILED');
    const puzzle = await client.post('/api/v1/captcha');
    const { x } = (await client.get(`/dev/captcha/${puzzle.body.id}`)).body;
    expect((await client.post('/api/v1/captcha/verify', { id: puzzle.body.id, answer: String(x) })).body.error.code).toBe('CAPTCHA_FAILED');
  });

  test('both kinds share one per-address limit', async () => {
    const client = new ApiClient(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await client.post('/api/v1/captcha', { kind: i % 2 ? 'text' : 'slider' })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses[30]).toBe(429);
  });

  test('malformed drops are VALIDATION_FAILED', async () => {
    const reply = await new ApiClient(server.url).post('/api/v1/captcha/verify', { id: 'x', x: 'far' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('VALIDATION_FAILED');
  });
});
