import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Every random value the service makes goes through one of these, so tests can pin them. */
export interface Random {
  bytes(n: number): Buffer;
  uuid(): string;
  /** A whole number in [0, max). */
  int(max: number): number;
}

/** Cryptographically strong randomness from node:crypto. */
export class CryptoRandom implements Random {
  bytes(n: number): Buffer {
    return randomBytes(n);
  }
  uuid(): string {
    return randomUUID();
  }
  int(max: number): number {
    return randomInt(max);
  }
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A string of `n` characters drawn uniformly from `alphabet`. */
export function randomString(random: Random, n: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[random.int(alphabet.length)];
  return s;
}

/** Pool ids look like Cognito's: `{region}_{9 alphanumerics}`. */
export function newPoolId(random: Random, region: string): string {
  return `${region}_${randomString(random, 9, ALNUM)}`;
}

/** App client ids are 26 lowercase alphanumerics, as Cognito's. */
export function newClientId(random: Random): string {
  return randomString(random, 26, LOWER_ALNUM);
}

/** App client secrets: 51 lowercase alphanumerics (the length Cognito issues). */
export function newClientSecret(random: Random): string {
  return randomString(random, 51, LOWER_ALNUM);
}

/** A six-digit code, zero-padded. */
export function newCode(random: Random): string {
  return String(random.int(1_000_000)).padStart(6, '0');
}
