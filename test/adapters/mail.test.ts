/** The production mail path: nodemailer over SMTP to a real SMTP server on loopback. */
import { SMTPServer } from 'smtp-server';
import { createSmtpMailSender } from '../../server/src/adapters/mail';
import { courierTransports } from '../../server/src/courier/transports';
import type { WechatApi } from '../../server/src/wechat/api/client';
import { freePort } from '../../scripts/local-services';

test('a reset mail goes out over SMTP with its Chinese subject and body intact', async () => {
  const received: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8'); });
      stream.on('end', () => { received.push(raw); done(); });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  try {
    const mail = createSmtpMailSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: '中国教师资格网 <noreply@jszg.edu.cn>' });
    await mail.send({ to: '12345@qq.com', subject: '中国教师资格网重置密码', text: '请点击以下链接设置新密码' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/^To: 12345@qq\.com$/m);
    const [headers, body] = received[0]!.split(/\r?\n\r?\n/) as [string, string];
    const subject = [...headers.matchAll(/=\?UTF-8\?B\?([^?]+)\?=/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
    expect(subject.join('')).toContain('中国教师资格网重置密码');
    expect(headers).toMatch(/^Content-Transfer-Encoding: base64$/m);
    expect(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')).toBe('请点击以下链接设置新密码');
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
});

test('without SMTP_URL and without an outbox (production) the courier refuses to be built', () => {
  const sms = { send: async () => undefined };
  expect(() => courierTransports({ sms, mail: null, outbox: null, wechatApi: {} as WechatApi, wechatTemplateId: 't' })).toThrow('SMTP_URL');
  expect(() => courierTransports({ sms: null, mail: { send: async () => undefined }, outbox: null, wechatApi: {} as WechatApi, wechatTemplateId: 't' }))
    .toThrow('SMS_API_URL');
});
