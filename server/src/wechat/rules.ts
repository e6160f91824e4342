/** The service account's rules: WeChat's own limits and ours, each in one place. */

/** WeChat retries a push when it has no answer within 5 seconds; we answer well before that. */
export const REPLY_DEADLINE_MS = 3000;

/** Pushes older or newer than this are refused, so a captured push cannot be replayed later. Ours. */
export const PUSH_MAX_AGE_SECONDS = 300;

/** How long a handled push is remembered, to answer WeChat's retries (three within about 15 seconds). */
export const PUSH_DEDUPE_SECONDS = 300;

/** WeChat's pushes are a few hundred bytes; anything near this is not WeChat. */
export const PUSH_MAX_BYTES = 64 * 1024;

/** WeChat sends a push in one piece; a body still arriving after this is a slow client holding a connection. Ours. */
export const PUSH_BODY_TIMEOUT_MS = 2000;

/** A WeChat session (mini-program or menu page) lasts this long; ours. */
export const WECHAT_SESSION_TTL_SECONDS = 30 * 60;

/** The personal centre's binding QR code: a temporary QR code with a scene, valid this long. Ours. */
export const BIND_QR_TTL_SECONDS = 10 * 60;

/** 取验证码 requests one WeChat user (person) may make a day, whatever the document number (ours, against abuse). */
export const WECHAT_CODES_PER_OPENID_PER_DAY = 10;

/** The access token is refreshed this long before WeChat says it expires. */
export const TOKEN_REFRESH_MARGIN_SECONDS = 300;

/** The refresh lock is held at most this long (a stable_token call times out well before). */
export const TOKEN_LOCK_MS = 10_000;

/**
 * Calls to WeChat's API give up after this long: a request that needs a token and then a call (取验证码 sends
 * the code into the conversation) answers 503 within the 3 s of issue 13 when WeChat does not answer.
 */
export const WECHAT_API_TIMEOUT_MS = 1500;

export const TEXT = {
  /** FAQ 微信扫码获取验证码. */
  codeSent: '验证码已发送，请注意查收',
  welcome: [
    '欢迎关注中国教师资格服务号！',
    '点击左下角“取验证码”，输入账号注册对应的证件号码，即可在本对话中收到验证码，用于账号注册或重置密码。',
    '“重置密码”：已绑定微信的账号可直接在此重置密码。',
    '“账号服务”→“绑定账号”：将本微信与您的中国教师资格网账号绑定。',
  ].join('\n'),
  help: [
    '使用说明：',
    '1. 取验证码：点击左下角“取验证码”，输入证件号码，验证码将发送到本对话，5分钟内有效。',
    '2. 重置密码：已绑定本微信的账号，点击“重置密码”输入新密码即可。',
    '3. 绑定账号：在“账号服务”中绑定，或登录中国教师资格网后在个人信息中心扫码绑定。',
  ].join('\n'),
  textDefault: '您好！请使用下方菜单办理业务：“取验证码”获取验证码，“重置密码”重置已绑定账号的密码，“账号服务”绑定账号或查看帮助。',
  otherMessage: '暂不支持此类消息，请使用下方菜单办理业务。',
  bound: '绑定成功！您的微信已与中国教师资格网账号绑定，忘记密码时可通过“重置密码”菜单重置。',
  bindExpired: '二维码已失效，请在个人信息中心刷新二维码后重新扫描。',
  unbound: '已解除本微信与中国教师资格网账号的绑定。',
  notBound: '本微信尚未绑定中国教师资格网账号。',
  openidTaken: '该微信已绑定其他账号，如需更换请先在“账号服务”中解除绑定',
  accountTaken: '该账号已绑定其他微信，请先在原微信中解除绑定',
  sessionExpired: '微信授权已失效，请从“中国教师资格服务号”的菜单重新打开本页面',
  /** A mini-program user whose service-account conversation we do not know yet. */
  followFirst: '验证码将发送到“中国教师资格服务号”的对话中，请先关注“中国教师资格服务号”并从其菜单打开“取验证码”',
} as const;

/** Web OAuth's state cookie lives this long: enough to pass WeChat's authorize page and come back. Ours. */
export const OAUTH_STATE_TTL_SECONDS = 10 * 60;
