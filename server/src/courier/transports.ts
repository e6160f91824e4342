/**
 * How the courier's messages travel. SMS: the gateway (adapters/sms.ts); mail: SMTP (adapters/mail.ts); WeChat:
 * the WeChat API, which outside production is this server's emulator. Outside production the development outbox
 * is a transport too: every SMS and mail is recorded there (after the production adapter, when one is set), so
 * tests and people trying the project read it at GET /dev/outbox; the emulator records WeChat messages itself.
 */
import type { MailSender } from '../adapters/mail';
import type { SmsSender } from '../adapters/sms';
import type { Outbox } from '../dev/outbox';
import type { WechatApi } from '../wechat/api/client';
import type { Transports } from './courier';

export function courierTransports(deps: {
  sms: SmsSender | null; mail: MailSender | null; outbox: Outbox | null; wechatApi: WechatApi; wechatTemplateId: string;
}): Transports {
  const { sms, mail, outbox } = deps;
  if (!sms && !outbox) throw new Error('SMS_API_URL and SMS_API_KEY must be set in production');
  if (!mail && !outbox) throw new Error('SMTP_URL must be set in production');
  return {
    async sms(to, message) {
      await sms?.send(to, message.text);
      await outbox?.record('sms', to, message.text);
    },
    async email(to, message) {
      await mail?.send({ to, ...message });
      await outbox?.record('email', to, message.text, message.subject);
    },
    async wechat(openid, message) {
      if ('text' in message) await deps.wechatApi.sendText(openid, message.text);
      else await deps.wechatApi.sendTemplate(openid, deps.wechatTemplateId, message.fields, message.url);
    },
  };
}
