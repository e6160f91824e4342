/**
 * The courier: every SMS, mail and WeChat message leaves through `send(template, to, data)`. The template
 * (templates.ts) renders the text; the transport of the recipient's channel delivers it (transports.ts).
 */
import {
  templates, type Channel, type ChannelsOf, type DataOf, type MailMessage, type Site, type TemplateName, type TextMessage, type WechatMessage,
} from './templates';

/** A phone number (sms), a mail address (email) or a service-account openid (wechat). */
export type Recipient<C extends Channel = Channel> = { channel: C; to: string };

export type Transports = {
  sms(to: string, message: TextMessage): Promise<void>;
  email(to: string, message: MailMessage): Promise<void>;
  wechat(openid: string, message: WechatMessage): Promise<void>;
};

export type Courier = {
  send<T extends TemplateName>(template: T, to: Recipient<ChannelsOf<T>>, data: DataOf<T>): Promise<void>;
};

type AnyRenderer = (data: unknown, site: Site) => never;

export function createCourier(transports: Transports, site: Site): Courier {
  return {
    async send(template, recipient, data) {
      const render = (templates[template] as Partial<Record<Channel, AnyRenderer>>)[recipient.channel];
      if (!render) throw new Error(`template ${template} has no ${recipient.channel} text`);
      await transports[recipient.channel](recipient.to, render(data, site));
    },
  };
}
