/**
 * Which WeChat person is bound to which account, one to one both ways, and each person's openid in each of our
 * apps (the service account and the mini-program have different openids for one person; the UnionID is the same
 * when both apps share an open-platform account). Every read and write is by `_id`, the one lookup FerretDB 1.x
 * pushes down to its storage, so each stays one indexed read at any number of accounts:
 *   wechat_bindings  `user:<userKey>` → { accountId }   and   `account:<accountId>` → { userKey }
 *   wechat_users     `<userKey>` → { openids: { service?, miniapp? } }   and   `openid:<app>:<openid>` → { userKey }
 * A userKey is `u:<unionid>`, or `o:<app>:<openid>` for a person whose UnionID WeChat did not give.
 * Without transactions a binding is written as two documents, each claimed by its unique `_id` (insert, never
 * upsert), the account's first; a half left by a crash between them is recognised (its other half does not point
 * back) and is taken over by the next binding, and reads check both halves.
 */
import mongoose, { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from './accounts';

export type WechatApp = 'service' | 'miniapp';

/** Far longer than writing the two halves of a binding takes. */
const BINDING_IN_FLIGHT_MS = 10_000;

type BindingRecord = { _id: string; accountId?: string; userKey?: string; createdAt: Date };
type UserRecord = { _id: string; openids?: Partial<Record<WechatApp, string>>; userKey?: string };

const bindingSchema = new Schema<BindingRecord>({
  _id: { type: String, required: true },
  accountId: { type: String },
  userKey: { type: String },
  createdAt: { type: Date, required: true },
}, { collection: 'wechat_bindings', versionKey: false });

const userSchema = new Schema<UserRecord>({
  _id: { type: String, required: true },
  openids: { service: String, miniapp: String },
  userKey: { type: String },
}, { collection: 'wechat_users', versionKey: false });

export type WechatBindingModel = mongoose.Model<BindingRecord>;
export type WechatUserModel = mongoose.Model<UserRecord>;

const userDoc = (userKey: string) => `user:${userKey}`;
const accountDoc = (accountId: string) => `account:${accountId}`;
const openidDoc = (app: WechatApp, openid: string) => `openid:${app}:${openid}`;

export function userKeyOf(app: WechatApp, openid: string, unionid?: string | null): string {
  return unionid ? `u:${unionid}` : `o:${app}:${openid}`;
}

export type BindOutcome = 'bound' | 'already' | 'user-taken' | 'account-taken';

export function createWechatBindingStore(connection: Connection) {
  const bindings = connection.models.WechatBinding as WechatBindingModel | undefined
    ?? connection.model<BindingRecord>('WechatBinding', bindingSchema);
  const users = connection.models.WechatUser as WechatUserModel | undefined
    ?? connection.model<UserRecord>('WechatUser', userSchema);

  /** An upsert by `_id`; two at once may both try to insert, and the loser of the unique `_id` updates instead. */
  async function upsert(id: string, set: Record<string, string>): Promise<void> {
    try {
      await users.updateOne({ _id: id }, { $set: set }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await users.updateOne({ _id: id }, { $set: set });
    }
  }

  /** The account bound to the person, when both halves agree. */
  async function accountOf(userKey: string): Promise<string | null> {
    const half = await bindings.findById(userDoc(userKey)).lean();
    if (!half?.accountId) return null;
    const other = await bindings.findById(accountDoc(half.accountId)).lean();
    return other?.userKey === userKey ? half.accountId : null;
  }

  /** The person bound to the account, when both halves agree. */
  async function userOf(accountId: string): Promise<string | null> {
    const half = await bindings.findById(accountDoc(accountId)).lean();
    if (!half?.userKey) return null;
    const other = await bindings.findById(userDoc(half.userKey)).lean();
    return other?.accountId === accountId ? half.userKey : null;
  }

  /** Inserts a half; on a clash, a stale half (its other half does not point back) is replaced once. */
  async function claim(id: string, field: 'accountId' | 'userKey', value: string, stillHeld: (holder: string) => Promise<boolean>) {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await bindings.create({ _id: id, [field]: value, createdAt: new Date() });
        return 'claimed' as const;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await bindings.findById(id).lean();
      const holder = existing?.[field];
      if (holder === value) return 'same' as const;
      // A half younger than this may belong to a binding still writing its other half: it is not stale yet.
      const inFlight = existing && Date.now() - new Date(existing.createdAt).getTime() < BINDING_IN_FLIGHT_MS;
      if (holder && (inFlight || (await stillHeld(holder)))) return 'taken' as const;
      await bindings.deleteOne({ _id: id });
    }
    return 'taken' as const;
  }

  return {
    accountOf,
    userOf,

    async bind(userKey: string, accountId: string): Promise<BindOutcome> {
      const account = await claim(accountDoc(accountId), 'userKey', userKey,
        async (holder) => (await bindings.findById(userDoc(holder)).lean())?.accountId === accountId);
      if (account === 'taken') return 'account-taken';
      const user = await claim(userDoc(userKey), 'accountId', accountId,
        async (holder) => (await bindings.findById(accountDoc(holder)).lean())?.userKey === userKey);
      if (user === 'taken') {
        if (account === 'claimed') await bindings.deleteOne({ _id: accountDoc(accountId) });
        return 'user-taken';
      }
      return account === 'same' && user === 'same' ? 'already' : 'bound';
    },

    async unbindUser(userKey: string): Promise<boolean> {
      const accountId = await accountOf(userKey);
      if (!accountId) return false;
      await bindings.deleteOne({ _id: accountDoc(accountId) });
      await bindings.deleteOne({ _id: userDoc(userKey) });
      return true;
    },

    async unbindAccount(accountId: string): Promise<boolean> {
      const userKey = await userOf(accountId);
      if (!userKey) return false;
      await bindings.deleteOne({ _id: userDoc(userKey) });
      await bindings.deleteOne({ _id: accountDoc(accountId) });
      return true;
    },

    /** Remembers a person's openid in some apps (and, from each openid, who the person is). */
    async rememberOpenid(userKey: string, apps: WechatApp[], openid: string): Promise<void> {
      await Promise.all([
        upsert(userKey, Object.fromEntries(apps.map((app) => [`openids.${app}`, openid]))),
        ...apps.map((app) => upsert(openidDoc(app, openid), { userKey })),
      ]);
    },

    /** The person behind an openid of one app, if seen before. */
    async userKeyOfOpenid(app: WechatApp, openid: string): Promise<string | null> {
      return (await users.findById(openidDoc(app, openid)).lean())?.userKey ?? null;
    },

    /** The person's openid in one app, if seen there. */
    async openidIn(userKey: string, app: WechatApp): Promise<string | null> {
      return (await users.findById(userKey).lean())?.openids?.[app] ?? null;
    },
  };
}

export type WechatBindingStore = ReturnType<typeof createWechatBindingStore>;
