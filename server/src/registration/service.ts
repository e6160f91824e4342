/**
 * 2.2.1 账号注册. One account per document: a second registration gets 该用户已注册 (also when two arrive at once:
 * the account's `_id` is the number's blind index, and the primary key decides). An account imported from before
 * 2019-03-01 is replaced by the new registration.
 */
import { facts18, validTo } from '../../../shared/src/id-documents';
import { MESSAGES } from '../../../shared/src/reference-data';
import type { RegistrationRequest } from '../../../shared/src/schemas/accounts';
import type { PasswordHasher } from '../accounts/passwords';
import { ID_NUMBER_FIELD, idIndexOf, type AccountDirectory } from '../accounts/lookup';
import { CODE_TTL_SECONDS } from '../codes/rules';
import type { CodeService } from '../codes/service';
import type { FlowHooks } from '../hooks';
import { AppError } from '../http/errors';
import { isDuplicateKey, type AccountModel, type AccountRecord } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import type { Redis } from '../stores/redis';

/** What the registration flow's hooks are told about a new account. */
export type Registered = {
  accountId: string;
  /** 微信扫码验证: the WeChat user (person) who fetched the code, to be bound to the account. */
  wechatUser: string | null;
};

export type RegistrationDeps = {
  directory: AccountDirectory;
  accounts: AccountModel;
  pii: Pii;
  codes: CodeService;
  passwords: PasswordHasher;
  redis: Redis;
  afterRegistration: FlowHooks<Registered>;
};

/**
 * How long one registration may hold a legacy account while it replaces it. FerretDB 1.x reads the whole table
 * for a filter such as `{ _id, legacy: true }`, so the replacement cannot be a conditional update; instead the
 * first registration claims the number in Redis, reads the account again and writes it by `_id` alone. The claim
 * only orders two registrations racing for one legacy number; it never finds an account.
 */
const LEGACY_CLAIM_SECONDS = 30;

/**
 * A retry of a registration whose write a store applied after the server had answered 503: within this time of
 * the account's creation, the same form with a good code gets the account it created instead of 该用户已注册.
 */
const RETRY_WINDOW_MS = CODE_TTL_SECONDS * 1000;

type NewAccount = Omit<AccountRecord, 'createdAt' | 'updatedAt' | 'verification'>;

export function createRegistrationService(deps: RegistrationDeps) {
  const exists = () => new AppError('ACCOUNT_EXISTS', MESSAGES.accountExists);

  /** The account this very form created moments ago (its contacts, name and password), cut off from its answer. */
  async function createdBy(account: AccountRecord, request: Omit<RegistrationRequest, 'captchaToken' | 'agreed'>): Promise<boolean> {
    return Date.now() - new Date(account.passwordChangedAt ?? 0).getTime() < RETRY_WINDOW_MS
      && account.phone === request.phone && account.email === request.email && account.name === request.name
      && Boolean(account.passwordHash) && deps.passwords.verify(account.passwordHash!, request.password);
  }

  async function insert(fields: NewAccount) {
    try {
      return await deps.accounts.create(fields);
    } catch (error) {
      if (isDuplicateKey(error)) throw exists();
      throw error;
    }
  }

  async function replaceLegacy(idIndex: string, fields: NewAccount) {
    const claim = `registration-claim:${idIndex}`;
    if (await deps.redis.set(claim, '1', { expiration: { type: 'EX', value: LEGACY_CLAIM_SECONDS }, condition: 'NX' }) === null) throw exists();
    try {
      // Read again under the claim: a registration that finished just before it replaced the legacy record.
      const current = await deps.accounts.findById(idIndex).lean();
      if (!current) return await insert(fields);
      if (!current.legacy) throw exists();
      const { _id: _unchanged, ...replacement } = fields;
      const account = await deps.accounts.findByIdAndUpdate(
        idIndex,
        { $set: { ...replacement, verification: { status: 'unverified', reason: null, updatedAt: null } } },
        { new: true },
      );
      return account ?? insert(fields);
    } finally {
      await deps.redis.del(claim);
    }
  }

  return {
    async register(request: Omit<RegistrationRequest, 'captchaToken' | 'agreed'>) {
      const idIndex = idIndexOf(deps.pii, request.idNumber);
      // 短信验证: the code went to the phone being registered. 微信扫码验证: the code went to whoever asked for it
      // in the service account with this document number; a hook binds that WeChat user to the new account. The code
      // is checked before 该用户已注册 is said, so that answer costs a code and cannot probe numbers (issue 10 item 5).
      const target = request.otp.channel === 'sms'
        ? { purpose: 'register' as const, channel: 'sms' as const, to: request.phone }
        : { purpose: 'register' as const, channel: 'wechat' as const, to: idIndex };
      // The account is read first (a store outage then answers 503 with the code still unspent, so a retry can use
      // it), but 该用户已注册 is said only after the code is spent.
      const existing = await deps.directory.byIdIndex(idIndex);
      // Spent on the whole registration: cut off by an outage, the code is put back for the retry (which then finds
      // the account, if it landed).
      return deps.codes.spendOn(target, request.otp.code, async (wechatUser) => {
        const registered = async <A extends { _id: unknown }>(account: A): Promise<A> => {
          await deps.afterRegistration.run({ accountId: String(account._id), wechatUser: request.otp.channel === 'wechat' && wechatUser ? wechatUser : null });
          return account;
        };
        if (existing && !existing.legacy) {
          if (!(await createdBy(existing, request))) throw exists();
          return registered(existing);
        }

        const facts = request.idType === 'resident-id' || request.idType === 'residence-permit' ? facts18(request.idNumber) : null;
        const fields: NewAccount = {
          _id: idIndex,
          idCipher: deps.pii.encrypt(ID_NUMBER_FIELD, request.idNumber),
          idType: request.idType,
          region: request.idType === 'residence-permit' ? request.region ?? null : null,
          name: request.name,
          validity: request.validity,
          validFrom: request.validFrom,
          validTo: validTo(request.validity, request.validFrom),
          passwordHash: await deps.passwords.hash(request.password),
          passwordChangedAt: new Date(),
          email: request.email,
          phone: request.phone,
          ethnicity: null,
          gender: facts?.gender ?? null,
          birthDate: facts?.birthDate ?? null,
          passNumberCipher: null,
          localIdNumberCipher: null,
          legacy: false,
          legacyRegisteredAt: null,
          legacySource: null,
        };

        return registered(existing ? await replaceLegacy(idIndex, fields) : await insert(fields));
      });
    },
  };
}
