import { scrypt, timingSafeEqual } from 'node:crypto';
import { InvalidPasswordException } from '../errors.js';
import type { PasswordPolicyType } from '../model/generated.js';
import type { Random } from '../random.js';
import type { PasswordHasher } from '../services.js';

function scryptAsync(password: string, salt: Buffer, n: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keylen, { N: n, r: 8, p: 1, maxmem: 256 * n * 8 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * scrypt from node:crypto with a per-user 16-byte salt. The stored form `scrypt$N$salt$hash` keeps its
 * cost, so the cost can change without invalidating old hashes. Hashing runs on libuv's thread pool.
 */
export class ScryptHasher implements PasswordHasher {
  constructor(
    private readonly random: Random,
    private readonly cost = 16384,
  ) {}

  async hash(password: string): Promise<string> {
    const salt = this.random.bytes(16);
    const key = await scryptAsync(password, salt, this.cost, 32);
    return `scrypt$${this.cost}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64');
    const key = await scryptAsync(password, Buffer.from(salt, 'base64'), Number(n), expected.length);
    return timingSafeEqual(key, expected);
  }
}

/** Cognito's default policy: 8 characters, upper, lower, number and symbol; temporary passwords last 7 days. */
export const DEFAULT_PASSWORD_POLICY: Required<
  Pick<PasswordPolicyType, 'MinimumLength' | 'RequireUppercase' | 'RequireLowercase' | 'RequireNumbers' | 'RequireSymbols' | 'TemporaryPasswordValidityDays'>
> = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/** The symbols Cognito counts as "special characters" in a password. */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

/**
 * Checks a password against the pool's policy and throws InvalidPasswordException with Cognito's
 * message ("Password did not conform with policy: Password not long enough"), first failure only.
 */
export function checkPasswordPolicy(password: string, policy: PasswordPolicyType | undefined): void {
  const p = { ...DEFAULT_PASSWORD_POLICY, ...(policy ?? {}) };
  const fail = (why: string) => {
    throw new InvalidPasswordException(`Password did not conform with policy: ${why}`);
  };
  if ([...password].length < p.MinimumLength) fail('Password not long enough');
  if (p.RequireNumbers && !/[0-9]/.test(password)) fail('Password must have numeric characters');
  if (p.RequireSymbols && ![...password].some((c) => SYMBOLS.has(c))) fail('Password must have symbol characters');
  if (p.RequireUppercase && !/[A-Z]/.test(password)) fail('Password must have uppercase characters');
  if (p.RequireLowercase && !/[a-z]/.test(password)) fail('Password must have lowercase characters');
}
