/** Password hashing with argon2id (OWASP's minimum: 19 MiB, 2 iterations, 1 lane; tunable in config). */
import argon2 from 'argon2';

export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time of one verification, so an unknown account answers as slowly as a known one. */
  verifyNothing(password: string): Promise<void>;
};

export function createPasswordHasher(options: { memoryCost: number; timeCost: number }): PasswordHasher {
  const params = { type: argon2.argon2id as 2, memoryCost: options.memoryCost, timeCost: options.timeCost, parallelism: 1 };
  let dummy: Promise<string> | null = null;
  return {
    hash: (password) => argon2.hash(password, params),
    verify: (hash, password) => argon2.verify(hash, password),
    async verifyNothing(password) {
      dummy ??= argon2.hash('no-such-account', params);
      await argon2.verify(await dummy, password);
    },
  };
}
