/**
 * 绑定微信: on the web a QR code of the service account that binds this account when scanned
 * (POST /api/v1/me/wechat/qrcode); inside WeChat one tap (web OAuth on H5; wx.login in the
 * mini-program) binds the WeChat user who is looking at the page.
 */
import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import qrcode from 'qrcode-generator';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Notice } from '../../components/Notice';
import { SubmitButton } from '../../components/SubmitButton';
import { isWeb } from '../../components/platform';
import { bindWechatWithCode, wechatBinding, wechatBindingQrCode } from '../../services/account';
import { asApiError } from '../../services/http';
import { profileRoute } from '../../services/routes';
import { sessionToken } from '../../services/session';

export const BOUND_MESSAGE = '本账号已与微信绑定，忘记密码时可在“中国教师资格服务号”中重置密码。';
export const NOT_BOUND_MESSAGE = '本账号尚未绑定微信。建议绑定，以便于忘记密码时进行密码重置。';

function insideWechatBrowser(): boolean {
  return typeof navigator !== 'undefined' && /MicroMessenger/i.test(navigator.userAgent);
}

/** The QR code of a URL as a GIF data URL: drawn in the app, no outside service sees the binding address. */
export function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(6, 4);
}

export function WechatBinding() {
  const { params } = useRouter();
  const [bound, setBound] = useState<boolean | null>(null);
  const [qr, setQr] = useState<{ image: string; minutes: number } | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const returned = useRef(false);

  const refresh = useCallback(async () => {
    try {
      setBound((await wechatBinding()).bound);
    } catch (thrown) {
      setNotice({ kind: 'error', text: asApiError(thrown).message });
    }
  }, []);

  const bindWith = useCallback(async (login: { code: string; via: 'miniapp' | 'web'; state?: string }) => {
    const accountToken = sessionToken();
    if (!accountToken) return;
    setBusy(true);
    try {
      await bindWechatWithCode(login, accountToken);
      setNotice({ kind: 'success', text: '绑定成功' });
      await refresh();
    } catch (thrown) {
      setNotice({ kind: 'error', text: asApiError(thrown).message });
    } finally {
      setBusy(false);
    }
  }, [refresh]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Back from WeChat's authorisation page with ?code=…&state=….
  useEffect(() => {
    if (returned.current || !params.code || !params.state) return;
    returned.current = true;
    void bindWith({ code: params.code, via: 'web', state: params.state });
  }, [params.code, params.state, bindWith]);

  const showQr = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const answer = await wechatBindingQrCode();
      setQr({ image: qrDataUrl(answer.url), minutes: Math.max(1, Math.floor(answer.expiresIn / 60)) });
    } catch (thrown) {
      setNotice({ kind: 'error', text: asApiError(thrown).message });
    } finally {
      setBusy(false);
    }
  };

  const bindHere = async () => {
    if (process.env.TARO_ENV !== 'h5') {
      const { code } = await Taro.login();
      await bindWith({ code, via: 'miniapp' });
      return;
    }
    const next = profileRoute('wechat');
    window.location.assign(`${API_BASE}/api/v1/wechat/oauth?next=${encodeURIComponent(next)}`);
  };

  const inWechat = process.env.TARO_ENV !== 'h5' || insideWechatBrowser();

  return (
    <View>
      {bound === null && !notice && <Text className='card__text'>正在查询绑定状态…</Text>}
      {bound === true && <Notice kind='success' title='已绑定微信'>{BOUND_MESSAGE}</Notice>}
      {bound === false && <Notice kind='info' title='未绑定微信'>{NOT_BOUND_MESSAGE}</Notice>}
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {bound === false && inWechat && (
        <SubmitButton disabled={busy} onClick={() => void bindHere()}>{busy ? '正在绑定…' : '一键绑定当前微信'}</SubmitButton>
      )}
      {bound === false && !inWechat && (
        <View>
          <Text className='card__text'>请使用本人手机微信扫描二维码，关注“中国教师资格服务号”后即完成绑定。</Text>
          {qr ? (
            <View className='qr'>
              {isWeb()
                ? <img className='qr__image' src={qr.image} alt='绑定微信二维码，请使用微信扫描' />
                : <Image className='qr__image' src={qr.image} ariaLabel='绑定微信二维码，请使用微信扫描' />}
              <Text className='card__text'>{`二维码${qr.minutes}分钟内有效。扫码完成后，请点击“刷新绑定状态”。`}</Text>
              <View className='button-row'>
                <SubmitButton plain onClick={() => void refresh()}>刷新绑定状态</SubmitButton>
                <SubmitButton plain disabled={busy} onClick={() => void showQr()}>重新生成二维码</SubmitButton>
              </View>
            </View>
          ) : (
            <SubmitButton disabled={busy} onClick={() => void showQr()}>{busy ? '正在生成…' : '显示绑定二维码'}</SubmitButton>
          )}
        </View>
      )}
    </View>
  );
}
