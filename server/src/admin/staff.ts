/**
 * Staff accounts: created by an admin (or, for the first admin, by scripts/create-staff.ts), argon2id passwords,
 * login locked after repeated failures per username and client address, per client address, and per username at
 * a far higher count (rules.ts).
 */
import type { PasswordHasher } from '../accounts/passwords';
import { AppError } from '../http/errors';
import { isDuplicateKey } from '../stores/accounts';
import { createLockout } from '../stores/lockout';
import { hit, type Redis } from '../stores/redis';
import type { StaffDocument, StaffModel, StaffRole } from '../stores/staff';
import {
  STAFF_LOGIN_FAILURES_PER_ADDRESS, STAFF_LOGIN_FAILURES_PER_USER, STAFF_LOGIN_FAILURES_PER_USER_AND_ADDRESS, STAFF_LOGIN_LOCK_SECONDS,
  STAFF_LOGIN_FAILURES_AUDITED_PER_ADDRESS, STAFF_LOGIN_USER_WINDOW_SECONDS, STAFF_PASSWORD_MIN_LENGTH,
} from './rules';

export type StaffActor = { id: string; name: string; role: StaffRole };

export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;

export function staffPasswordProblem(password: string): string | null {
  if (password.length < STAFF_PASSWORD_MIN_LENGTH || password.length > 200) return `密码长度应为${STAFF_PASSWORD_MIN_LENGTH}-200位`;
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password) || !/[^A-Za-z0-9]/.test(password)) return '密码须包含字母、数字和特殊字符';
  return null;
}

export const actorOf = (staff: StaffDocument): StaffActor => ({ id: staff._id.toString(), name: staff.displayName, role: staff.role });

export function createStaffService(deps: { staff: StaffModel; passwords: PasswordHasher; redis: Redis }) {
  const lockout = createLockout(deps.redis, {
    prefix: 'staff-login-fail', perSubjectAndAddress: STAFF_LOGIN_FAILURES_PER_USER_AND_ADDRESS, perAddress: STAFF_LOGIN_FAILURES_PER_ADDRESS,
    windowSeconds: STAFF_LOGIN_LOCK_SECONDS, perSubject: STAFF_LOGIN_FAILURES_PER_USER, subjectWindowSeconds: STAFF_LOGIN_USER_WINDOW_SECONDS,
  });

  return {
    async create(input: { username: string; displayName: string; role: StaffRole; password: string }): Promise<StaffDocument> {
      const username = input.username.trim().toLowerCase();
      if (!USERNAME_PATTERN.test(username)) throw new AppError('VALIDATION_FAILED', '用户名应为3-32位小写字母、数字或._-，以字母开头');
      const displayName = input.displayName.trim();
      if (!displayName || displayName.length > 50) throw new AppError('VALIDATION_FAILED', '请填写1-50字的姓名');
      const problem = staffPasswordProblem(input.password);
      if (problem) throw new AppError('VALIDATION_FAILED', problem);
      try {
        return await deps.staff.create({
          username, displayName, role: input.role, passwordHash: await deps.passwords.hash(input.password), active: true,
        });
      } catch (error) {
        if (isDuplicateKey(error)) throw new AppError('VALIDATION_FAILED', '该用户名已存在');
        throw error;
      }
    },

    /** The staff member, or LOGIN_FAILED / LOGIN_LOCKED; the answer does not tell which part was wrong. */
    async authenticate(usernameInput: string, password: string, clientAddress: string): Promise<StaffDocument> {
      const username = usernameInput.trim().toLowerCase().slice(0, 64);
      // Read first, so a store outage costs no attempt; counted before the password is checked, so parallel
      // guesses cannot all pass.
      const staff = await deps.staff.findOne({ username });
      if (!(await lockout.attempt(username, clientAddress))) {
        throw new AppError('LOGIN_LOCKED', `登录失败次数过多，请${STAFF_LOGIN_LOCK_SECONDS / 60}分钟后再试`);
      }
      const valid = staff?.active
        ? await deps.passwords.verify(staff.passwordHash, password)
        : (await deps.passwords.verifyNothing(password), false);
      if (!staff || !valid) throw new AppError('LOGIN_FAILED', '用户名或密码错误');
      await lockout.succeeded(username, clientAddress);
      await deps.staff.updateOne({ _id: staff._id }, { $set: { lastLoginAt: new Date() } });
      return staff;
    },

    /** Whether a failed login from this address is still written to the audit log (a few per window, not a flood). */
    async auditsFailure(clientAddress: string): Promise<boolean> {
      return (await hit(deps.redis, `staff-login-audited:${clientAddress}`, STAFF_LOGIN_LOCK_SECONDS)) <= STAFF_LOGIN_FAILURES_AUDITED_PER_ADDRESS;
    },

    list: () => deps.staff.find().sort({ createdAt: 1 }).lean(),
    find: (id: string) => deps.staff.findById(id),
    async setActive(id: string, active: boolean) {
      await deps.staff.updateOne({ _id: id }, { $set: { active } });
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
