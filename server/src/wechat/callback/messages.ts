/**
 * What the service account answers to each push: subscribe (a welcome explaining the menu, and a binding when
 * the follow came from a binding QR code), scans of a binding QR code, menu clicks, text. Returns the text of
 * the passive reply, or null to answer nothing. Only events have side effects; messages are answered from
 * rules alone (the callback relies on that to deduplicate them in one step).
 */
import type { WechatBindings } from '../flows/bindings';
import { BIND_SCENE_PREFIX } from '../flows/bindings';
import { TEXT } from '../rules';
import type { PushFields } from './xml';

/** The `key` of the menu's click buttons (config/wechat-menu.json). */
export const MENU_KEYS = { help: 'HELP', unbind: 'UNBIND' } as const;

export function createMessageHandler(deps: { bindings: WechatBindings }) {
  async function scene(openid: string, key: string | undefined): Promise<string | null> {
    if (!key?.startsWith(BIND_SCENE_PREFIX)) return null;
    return deps.bindings.scanned(openid, key);
  }

  function answerText(content: string): string {
    if (/验证码/.test(content)) return `${TEXT.help.split('\n')[1]}`;
    if (/密码/.test(content)) return `${TEXT.help.split('\n')[2]}`;
    if (/绑定/.test(content)) return `${TEXT.help.split('\n')[3]}`;
    return TEXT.textDefault;
  }

  return async function handle(push: PushFields): Promise<string | null> {
    const openid = push.FromUserName ?? '';
    if (push.MsgType === 'text') return answerText(push.Content ?? '');
    if (push.MsgType !== 'event') return TEXT.otherMessage;
    switch (push.Event) {
      case 'subscribe': {
        // Learn who the follower is (UnionID), so the mini-program can send 取验证码 codes into this conversation.
        await deps.bindings.serviceUser(openid);
        const bound = await scene(openid, push.EventKey?.replace(/^qrscene_/, ''));
        return bound ? `${TEXT.welcome}\n\n${bound}` : TEXT.welcome;
      }
      case 'SCAN':
        return scene(openid, push.EventKey);
      case 'CLICK':
        if (push.EventKey === MENU_KEYS.help) return TEXT.help;
        if (push.EventKey === MENU_KEYS.unbind) return (await deps.bindings.unbindServiceUser(openid)) ? TEXT.unbound : TEXT.notBound;
        return TEXT.textDefault;
      default:
        // unsubscribe, VIEW and other events need no answer.
        return null;
    }
  };
}

export type MessageHandler = ReturnType<typeof createMessageHandler>;
