import { createDiffieHellman, createHash, createHmac, type DiffieHellman } from 'node:crypto';

/**
 * SRP-6a as Cognito runs USER_SRP_AUTH (and as amazon-cognito-identity-js computes it): the 3072-bit
 * group of RFC 5054 with g = 2, SHA-256, k = H(N | g), x = H(salt | H(poolName + username + ':' +
 * password)), and a 16-byte key from HKDF-SHA256 with info "Caldera Derived Key". Every hash input that
 * is a number goes in as Cognito's "padded hex": even length, with a 00 byte in front when the top bit
 * is set, so the client and this server hash the same bytes.
 */

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

/** The 3072-bit group of RFC 5054 that Cognito's SRP uses: modulus N and generator g. */
export const N = BigInt(`0x${N_HEX}`);
/** The generator of the group. */
export const g = 2n;
const N_BYTES = Buffer.from(N_HEX, 'hex');

/** Cognito's padded hex of a non-negative number. */
export function padHex(n: bigint): string {
  if (n < 0n) throw new TypeError('padHex takes a non-negative number');
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** SHA-256 of the bytes a hex string spells, as a number. */
function hexHash(hex: string): bigint {
  return BigInt(`0x${sha256(Buffer.from(hex, 'hex')).toString('hex')}`);
}

/** k = H(padHex(N) | padHex(g)). */
export const k = hexHash(padHex(N) + padHex(g));

/**
 * One Diffie-Hellman object on the group, made on first use and reused (setPrivateKey and computeSecret
 * run back to back, with nothing in between): the OpenSSL 3 build in Node.js 24 spends about 2 s
 * validating the prime each time such an object is made. Null once OpenSSL has refused the group.
 */
let groupDh: DiffieHellman | null | undefined;

/**
 * base^exp mod N. Uses OpenSSL's modular exponentiation through a Diffie-Hellman object on the fixed
 * group (computeSecret(base) is base^private mod p), which measured about 6x faster than BigInt
 * square-and-multiply for 3072-bit numbers (0.7 ms against 8 ms per 256-bit exponent); BigInt is the
 * fallback for the inputs OpenSSL refuses as public keys (0, 1, N - 1). The OpenSSL 3 build in Node.js
 * 22 refuses this custom group altogether ("Unspecified validation error"): the first refusal switches
 * the process to BigInt for good.
 */
export function modPowN(base: bigint, exp: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (exp === 0n) return 1n;
  if (groupDh !== null && b > 1n && b < N - 1n) {
    try {
      groupDh ??= createDiffieHellman(N_BYTES, Buffer.from([2]));
      groupDh.setPrivateKey(Buffer.from(padHexEven(exp), 'hex'));
      return BigInt(`0x${groupDh.computeSecret(Buffer.from(padHexEven(b), 'hex')).toString('hex') || '0'}`);
    } catch {
      groupDh = null;
    }
  }
  return modPowBigInt(b, exp, N);
}

/** Square-and-multiply with BigInt. */
export function modPowBigInt(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function padHexEven(n: bigint): string {
  const hex = n.toString(16);
  return hex.length % 2 === 1 ? `0${hex}` : hex;
}

/** The part of a pool id after the underscore: what Cognito's SRP calls the pool name. */
export function srpPoolName(poolId: string): string {
  return poolId.slice(poolId.indexOf('_') + 1);
}

/** x = H(padHex(salt) | H(poolName + username + ':' + password)). */
function privateKeyX(poolName: string, username: string, password: string, saltHex: string): bigint {
  const inner = sha256(`${poolName}${username}:${password}`).toString('hex');
  return hexHash(padHex(BigInt(`0x${saltHex}`)) + inner);
}

/** A user's stored SRP secret: a salt and the verifier v = g^x mod N, both hex. */
export interface SrpVerifier {
  salt: string;
  verifier: string;
}

/** The verifier for a password; `salt` is 16 random bytes. `username` is the USER_ID_FOR_SRP. */
export function makeVerifier(poolId: string, username: string, password: string, salt: Buffer): SrpVerifier {
  const saltHex = salt.toString('hex');
  const x = privateKeyX(srpPoolName(poolId), username, password, saltHex);
  return { salt: saltHex, verifier: modPowN(g, x).toString(16) };
}

/** The server's first message: B = k·v + g^b mod N, for a random b. */
export function serverB(verifierHex: string, b: bigint): bigint {
  const v = BigInt(`0x${verifierHex}`);
  return (k * v + modPowN(g, b)) % N;
}

/**
 * The key both sides derive, or null when A is unusable (A mod N = 0, or u = 0), which the caller
 * answers as a failed sign-in. S = (A · v^u)^b mod N; key = HKDF(ikm = padHex(S), salt = padHex(u)).
 */
export function serverKey(A: bigint, B: bigint, b: bigint, verifierHex: string): Buffer | null {
  if (A % N === 0n) return null;
  const u = hexHash(padHex(A) + padHex(B));
  if (u === 0n) return null;
  const v = BigInt(`0x${verifierHex}`);
  const S = modPowN(A * modPowN(v, u), b);
  return hkdf(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'));
}

function hkdf(ikm: Buffer, salt: Buffer): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
}

/** The PASSWORD_CLAIM_SIGNATURE: HMAC-SHA256 under the key of poolName | userId | secretBlock | timestamp, base64. */
export function claimSignature(key: Buffer, poolId: string, userIdForSrp: string, secretBlock: Buffer, timestamp: string): string {
  return signClaim(key, srpPoolName(poolId), userIdForSrp, secretBlock, timestamp);
}

/**
 * A device's PASSWORD_CLAIM_SIGNATURE (DEVICE_PASSWORD_VERIFIER): the same HMAC with the device group key in
 * the place of the pool name and the device key in the place of the user, as the device's verifier was
 * made (amazon-cognito-identity-js, AuthenticationHelper over the device group key).
 */
export function deviceClaimSignature(key: Buffer, deviceGroupKey: string, deviceKey: string, secretBlock: Buffer, timestamp: string): string {
  return signClaim(key, deviceGroupKey, deviceKey, secretBlock, timestamp);
}

function signClaim(key: Buffer, poolName: string, userId: string, secretBlock: Buffer, timestamp: string): string {
  return createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(userId, 'utf8'), secretBlock, Buffer.from(timestamp, 'utf8')]))
    .digest('base64');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The TIMESTAMP format: "ddd MMM d HH:mm:ss UTC yyyy", e.g. "Tue Sep 5 07:03:09 UTC 2023" (day not padded). */
export function srpTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

const TIMESTAMP =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})$/;

/** Parses a TIMESTAMP in that format (the weekday must fit the date), or null. */
export function parseSrpTimestamp(s: string): Date | null {
  const m = TIMESTAMP.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[7]), MONTHS.indexOf(m[2]!), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  if (d.getUTCDate() !== Number(m[3]) || DAYS[d.getUTCDay()] !== m[1]) return null;
  return d;
}
