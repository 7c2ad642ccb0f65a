import { createHash, createHmac, randomBytes } from 'node:crypto';
import { InitiateAuthCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import acijs from 'amazon-cognito-identity-js';
import { g, k, modPowN, N, padHex } from '../../src/domain/srp.js';

const { AuthenticationHelper, DateHelper } = acijs as unknown as {
  AuthenticationHelper: new (poolName: string) => AcijsHelper;
  DateHelper: new () => { getNowString(): string };
};

/** The parts of amazon-cognito-identity-js's AuthenticationHelper the tests drive (its BigIntegers are jsbn objects). */
export interface AcijsHelper {
  N: { constructor: new (hex: string, radix: number) => unknown; toString(radix: number): string };
  k: { toString(radix: number): string };
  getLargeAValue(cb: (err: unknown, A: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(username: string, password: string, B: unknown, salt: unknown, cb: (err: unknown, key: Buffer) => void): void;
}

/** amazon-cognito-identity-js's own SRP client half for a pool, unmodified. */
export function acijsHelper(poolId: string): AcijsHelper {
  return new AuthenticationHelper(poolId.split('_')[1]!);
}

/** A jsbn BigInteger of the kind the helper takes, from hex. */
export function bigInteger(helper: AcijsHelper, hex: string): unknown {
  return new helper.N.constructor(hex, 16);
}

export function largeA(helper: AcijsHelper): string {
  let out = '';
  helper.getLargeAValue((err, A) => {
    if (err) throw err;
    out = A.toString(16);
  });
  return out;
}

/** The 16-byte key the client derives from the server's SRP_B and SALT. */
export function clientKey(helper: AcijsHelper, username: string, password: string, srpB: string, salt: string): Buffer {
  let key: Buffer | undefined;
  helper.getPasswordAuthenticationKey(username, password, bigInteger(helper, srpB), bigInteger(helper, salt), (err, k) => {
    if (err) throw err;
    key = k;
  });
  return Buffer.from(key!);
}

export function nowString(): string {
  return new DateHelper().getNowString();
}

/**
 * The client half of SRP written out again with native modular arithmetic: the same formulas as
 * amazon-cognito-identity-js (test/unit/srp.test.ts shows both derive the server's key), about a
 * hundred times faster than its pure-JavaScript big integers, so integration tests stay quick.
 */
export class FastSrpClient {
  private readonly a = BigInt(`0x${randomBytes(32).toString('hex')}`);
  readonly A = modPowN(g, this.a);
  constructor(private readonly poolId: string) {}

  key(username: string, password: string, srpB: string, salt: string): Buffer {
    const hexHash = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
    const B = BigInt(`0x${srpB}`);
    const u = BigInt(`0x${hexHash(padHex(this.A) + padHex(B))}`);
    const inner = createHash('sha256')
      .update(`${this.poolId.split('_')[1]}${username}:${password}`)
      .digest('hex');
    const x = BigInt(`0x${hexHash(padHex(BigInt(`0x${salt}`)) + inner)}`);
    const base = (((B - k * modPowN(g, x)) % N) + N) % N;
    const S = modPowN(base, this.a + u * x);
    const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex'))
      .update(Buffer.from(padHex(S), 'hex'))
      .digest();
    return createHmac('sha256', prk)
      .update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])]))
      .digest()
      .subarray(0, 16);
  }
}

/**
 * USER_SRP_AUTH's first step, and a function that builds the PASSWORD_VERIFIER responses (a TIMESTAMP
 * of the caller's choice allowed) the way CognitoUser.authenticateUser does.
 */
export async function startSrp(sdk: CognitoIdentityProviderClient, poolId: string, clientId: string, username: string) {
  const client = new FastSrpClient(poolId);
  const first = await sdk.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: client.A.toString(16) } }),
  );
  const p = first.ChallengeParameters!;
  const responses = (password: string, timestamp = nowString()): Record<string, string> => {
    const key = client.key(p.USER_ID_FOR_SRP!, password, p.SRP_B!, p.SALT!);
    const signature = createHmac('sha256', key)
      .update(
        Buffer.concat([Buffer.from(poolId.split('_')[1]!), Buffer.from(p.USER_ID_FOR_SRP!), Buffer.from(p.SECRET_BLOCK!, 'base64'), Buffer.from(timestamp)]),
      )
      .digest('base64');
    return { USERNAME: p.USER_ID_FOR_SRP!, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature };
  };
  return { first, responses };
}
