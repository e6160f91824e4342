/**
 * 2.2.1 账号注册. One account per document: a second registration gets 该用户已注册 (also when two arrive at once:
 * the unique blind index decides). An account imported from before 2019-03-01 is replaced by the new registration.
 */
import { facts18, validTo } from '../../../shared/src/id-documents';
import { MESSAGES } from '../../../shared/src/reference-data';
import type { RegistrationRequest } from '../../../shared/src/schemas/accounts';
import type { PasswordHasher } from '../accounts/passwords';
import { ID_NUMBER_FIELD, idIndexOf, type AccountDirectory } from '../accounts/lookup';
import type { CodeService } from '../codes/service';
import { AppError } from '../http/errors';
import { isDuplicateKey, type AccountModel, type AccountRecord } from '../stores/accounts';
import type { Pii } from '../stores/pii';
import type { WechatBindingStore } from '../stores/wechat-bindings';

export type RegistrationDeps = {
  directory: AccountDirectory;
  accounts: AccountModel;
  wechatBindings: WechatBindingStore;
  pii: Pii;
  codes: CodeService;
  passwords: PasswordHasher;
};

export function createRegistrationService(deps: RegistrationDeps) {
  const exists = () => new AppError('ACCOUNT_EXISTS', MESSAGES.accountExists);

  return {
    async register(request: Omit<RegistrationRequest, 'captchaToken' | 'agreed'>) {
      const idIndex = idIndexOf(deps.pii, request.idNumber);
      // 短信验证: the code went to the phone being registered. 微信扫码验证: the code went to whoever asked for it
      // in the service account with this document number; that WeChat user is bound to the new account. The code
      // is checked before 该用户已注册 is said, so that answer costs a code and cannot probe numbers (issue 10 item 5).
      const target = request.otp.channel === 'sms'
        ? { purpose: 'register' as const, channel: 'sms' as const, to: request.phone }
        : { purpose: 'register' as const, channel: 'wechat' as const, to: idIndex };
      const wechatUser = await deps.codes.consume(target, request.otp.code);
      const existing = await deps.directory.byIdIndex(idIndex);
      if (existing && !existing.legacy) throw exists();

      const facts = request.idType === 'resident-id' || request.idType === 'residence-permit' ? facts18(request.idNumber) : null;
      const fields: Omit<AccountRecord, 'createdAt' | 'updatedAt' | 'verification'> = {
        idIndex,
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
      };

      let account;
      try {
        account = existing
          ? await deps.accounts.findOneAndUpdate(
            { _id: existing._id, legacy: true },
            { $set: { ...fields, verification: { status: 'unverified', reason: null, updatedAt: null } } },
            { new: true },
          )
          : await deps.accounts.create(fields);
      } catch (error) {
        if (isDuplicateKey(error)) throw exists();
        throw error;
      }
      // The legacy record was replaced by a concurrent registration between the read and the update.
      if (!account) throw exists();

      await deps.directory.remember(idIndex, account._id.toString());
      // Binds the WeChat user (person) who fetched the code, unless that user is already bound to another account.
      if (request.otp.channel === 'wechat' && wechatUser) await deps.wechatBindings.bind(wechatUser, String(account._id));
      return account;
    },
  };
}
