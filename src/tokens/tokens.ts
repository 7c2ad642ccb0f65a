import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { SignJWT, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../clock.js';
import { NotAuthorizedException } from '../errors.js';
import type { Random } from '../random.js';
import type { ClientRecord, GroupRecord, PoolKeyRecord, Store, UserRecord } from '../store/store.js';
import { selfSignedCertificate } from './certificate.js';
import { groupClaims } from './group-claims.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/** The scope every token from the user-pools API carries, and that access-token operations require. */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

interface LoadedKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: Record<string, string>;
}

interface PoolKeys {
  access: LoadedKey;
  id: LoadedKey;
}

/** What a verified access token says. */
export interface AccessTokenClaims {
  poolId: string;
  sub: string;
  username: string;
  clientId: string;
  originJti: string;
  scope: string[];
  /** Whether `scope` has aws.cognito.signin.user.admin, which the token-authorised user operations require. */
  admin: boolean;
  authTime: number;
  exp: number;
  iat: number;
}

/** The token half of a sign-in result. */
export interface IssuedTokens {
  AccessToken: string;
  IdToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

/**
 * Changes to one token's claims decided above this layer (a pre token generation trigger's answer, whose
 * rules live in domain/token-overrides.ts): the claims in `remove` are left out, then those in `set` are
 * put in. TokenService applies them without judging them.
 */
export interface ClaimEdits {
  set?: Readonly<Record<string, unknown>>;
  remove?: readonly string[];
}

/** The claim edits of one issue, per token. */
export interface TokenEdits {
  access?: ClaimEdits;
  id?: ClaimEdits;
}

function edited(claims: JWTPayload, edits: ClaimEdits | undefined): JWTPayload {
  if (!edits) return claims;
  const out: JWTPayload = { ...claims };
  for (const name of edits.remove ?? []) delete out[name];
  // A JSON answer may name "__proto__" as an own key; assigning it would replace the object's prototype.
  for (const [name, value] of Object.entries(edits.set ?? {})) if (name !== '__proto__') out[name] = value;
  return out;
}

/** Java's String.hashCode, over UTF-16 code units as Java strings are. */
function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Puts claims in the order Cognito's payloads have: the iteration order of a java.util.HashMap built
 * by copying the claim set. Its table is the power of two at or above `size / 0.75 + 1`, a key's bucket
 * is `(h ^ (h >>> 16)) & (table - 1)` with h = String.hashCode, and keys sharing a bucket keep insertion
 * order. This one rule reproduces every real payload we have seen decoded (in SDK and library issue threads
 * and AWS's own samples): the 2018-2020
 * access tokens without origin_jti, today's access tokens with and without cognito:groups, and the ID
 * token where email_verified follows sub and email comes last. So any attribute set comes out in the
 * order the real service would give it, not just the captured ones.
 */
export function cognitoClaimOrder<T extends Record<string, unknown>>(claims: T): T {
  const keys = Object.keys(claims);
  let table = 1;
  while (table < Math.floor(keys.length / 0.75 + 1)) table *= 2;
  const bucketOf = (k: string) => {
    const h = javaStringHash(k);
    return (h ^ (h >>> 16)) & (table - 1);
  };
  // Array.prototype.sort is stable, so keys in one bucket keep their insertion order.
  const ordered = keys.map((k, i) => ({ k, b: bucketOf(k), i })).sort((x, y) => x.b - y.b || x.i - y.i);
  const out: Record<string, unknown> = {};
  for (const { k } of ordered) out[k] = claims[k];
  return out as T;
}

/** Cognito's kid: the base64 (not base64url) SHA-256 thumbprint of the public key, with padding. */
function kidOf(jwk: { e?: string; n?: string }): string {
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
    .digest('base64');
}

/** Generates a pool's two RSA-2048 key pairs (access and ID tokens are signed with different keys). */
export async function generatePoolKeys(poolId: string): Promise<PoolKeyRecord[]> {
  // Both pairs at once: generation runs on libuv's thread pool, so CreateUserPool waits for one, not two.
  return Promise.all(
    (['access', 'id'] as const).map(async (use): Promise<PoolKeyRecord> => {
      const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
      const pub = publicKey.export({ format: 'jwk' });
      const kid = kidOf(pub);
      return {
        poolId,
        use,
        kid,
        privateJwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
        publicJwk: JSON.stringify({ alg: 'RS256', e: pub.e, kid, kty: 'RSA', n: pub.n, use: 'sig' }),
      };
    }),
  );
}

/** Converts a token validity in the client's unit into seconds. */
export function validitySeconds(value: number | undefined, unit: string | undefined, fallbackSeconds: number): number {
  if (value === undefined || value === 0) return fallbackSeconds;
  switch (unit) {
    case 'seconds':
      return value;
    case 'minutes':
      return value * 60;
    case 'hours':
      return value * 3600;
    case 'days':
      return value * 86400;
    default:
      return fallbackSeconds;
  }
}

/** The access-token lifetime of a client in seconds (default one hour; unit defaults to hours). */
export function accessTokenSeconds(client: ClientRecord): number {
  return validitySeconds(client.settings.AccessTokenValidity, client.settings.TokenValidityUnits?.AccessToken ?? 'hours', 3600);
}

/** The ID-token lifetime of a client in seconds (default one hour; unit defaults to hours). */
export function idTokenSeconds(client: ClientRecord): number {
  return validitySeconds(client.settings.IdTokenValidity, client.settings.TokenValidityUnits?.IdToken ?? 'hours', 3600);
}

/** The refresh-token lifetime of a client in seconds (default 30 days; unit defaults to days). */
export function refreshTokenSeconds(client: ClientRecord): number {
  return validitySeconds(client.settings.RefreshTokenValidity, client.settings.TokenValidityUnits?.RefreshToken ?? 'days', 30 * 86400);
}

const invalid = () => new NotAuthorizedException('Invalid Access Token');

/** A signature-checked access token: its claims, and whether it is a client_credentials (machine) token. */
interface VerifiedToken {
  claims: AccessTokenClaims;
  machine: boolean;
}

/**
 * Owns the pools' keys and every JWT: minting access and ID tokens with Cognito's header and claims,
 * verifying access tokens (signature, algorithm, kid, issuer, expiry, use, scope, revocation), and the
 * JWKS documents. Nothing else in cognate decodes a token.
 */
/** Where a verified token is found in the cache: see `TokenService.verified`. */
function cacheKey(token: string): string {
  return token.length > 86 ? token.slice(-43) : token;
}

export class TokenService {
  private readonly keys = new Map<string, PoolKeys>();
  /**
   * Access tokens whose signature, issuer, kid and claims have been checked. An entry is found by the
   * token's last 43 characters (256 bits of its signature: hashing a whole token of a kilobyte or more
   * on every request showed in the profile) and counts only if the whole token is the same string, so
   * in effect the cache is keyed by the whole token. A hit skips only the RSA verification: expiry and
   * revocation are checked on every use.
   */
  private readonly verified = new Map<string, VerifiedToken & { token: string }>();
  private static readonly VERIFIED_MAX = 10_000;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    /** The `iss` of tokens of the given pool. */
    readonly issuerFor: (poolId: string) => string,
    /** Makes a new pool's key pairs; injectable because RSA generation dominates CreateUserPool in tests. */
    private readonly generateKeys: (poolId: string) => Promise<PoolKeyRecord[]> = generatePoolKeys,
  ) {}

  /** The two key pairs (access, id) for a pool being created; the caller stores them with the pool. */
  newPoolKeys(poolId: string): Promise<PoolKeyRecord[]> {
    return this.generateKeys(poolId);
  }

  private async poolKeys(poolId: string): Promise<PoolKeys | null> {
    const cached = this.keys.get(poolId);
    if (cached) return cached;
    const rows = await this.store.getPoolKeys(poolId);
    const load = (use: 'access' | 'id'): LoadedKey | null => {
      const r = rows.find((k) => k.use === use);
      if (!r) return null;
      const privateKey = createPrivateKey({ key: JSON.parse(r.privateJwk), format: 'jwk' });
      return { kid: r.kid, privateKey, publicKey: createPublicKey(privateKey), publicJwk: JSON.parse(r.publicJwk) };
    };
    const access = load('access');
    const id = load('id');
    if (!access || !id) return null;
    const loaded = { access, id };
    this.keys.set(poolId, loaded);
    return loaded;
  }

  /** Forgets a deleted pool's keys. */
  forgetPool(poolId: string): void {
    this.keys.delete(poolId);
  }

  /** The pool's signing certificate (GetSigningCertificate), over its ID-token key; null if there is no such pool. */
  async signingCertificate(poolId: string, poolCreatedAt: Date): Promise<string | null> {
    const k = await this.poolKeys(poolId);
    return k ? selfSignedCertificate({ subject: poolId, publicKey: k.id.publicKey, privateKey: k.id.privateKey, notBefore: poolCreatedAt }) : null;
  }

  /** The pool's JWKS document, or null if there is no such pool. */
  async jwks(poolId: string): Promise<{ keys: Record<string, string>[] } | null> {
    const k = await this.poolKeys(poolId);
    // Members in the order of Cognito's published JWKS (kid, alg, kty, e, n, use, as in the developer guide's sample), whatever order the store kept.
    const shown = (j: Record<string, string>) => ({ kid: j.kid!, alg: j.alg!, kty: j.kty!, e: j.e!, n: j.n!, use: j.use! });
    return k ? { keys: [shown(k.access.publicJwk), shown(k.id.publicJwk)] } : null;
  }

  /**
   * Mints the access and ID tokens of one sign-in (or refresh). `authTime` is the original sign-in
   * time, kept across refreshes as Cognito does.
   *
   * The user's groups are read here, once per issue, so that every path that mints tokens (sign-in,
   * every challenge answer, refresh) carries them and none can forget to: tokens keep the claims of
   * the moment they were issued, and the next sign-in or refresh shows a membership change. `groups`
   * replaces that read (for a caller that already has them, e.g. a pre token generation override).
   * Verifying a token never reads groups. `edits` change the claims before signing (see ClaimEdits); the
   * claims then take Cognito's order, added ones included.
   */
  async issue(args: {
    client: ClientRecord;
    user: UserRecord;
    originJti: string;
    authTime: Date;
    groups?: readonly GroupRecord[];
    edits?: TokenEdits;
    /** The access token's scopes (OAuth 2.0 endpoints); absent: aws.cognito.signin.user.admin, as an API sign-in. */
    scope?: readonly string[];
    /** The authorization request's nonce, copied into the ID token. */
    nonce?: string;
    /** The sign-in's device (pools that track devices): the access token's `device_key` claim. */
    deviceKey?: string;
  }): Promise<IssuedTokens> {
    const { client, user, originJti } = args;
    const keys = await this.poolKeys(client.poolId);
    if (!keys) throw new TypeError(`pool ${client.poolId} has no keys`);
    const iss = this.issuerFor(client.poolId);
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const authTime = Math.floor(args.authTime.getTime() / 1000);
    const eventId = this.random.uuid();
    const accessTtl = accessTokenSeconds(client);
    const groups = groupClaims(args.groups ?? (await this.store.groupsOfUser(client.poolId, user.sub)));

    const access: JWTPayload = {
      sub: user.sub,
      ...groups.access,
      ...(args.deviceKey !== undefined ? { device_key: args.deviceKey } : {}),
      iss,
      client_id: client.id,
      origin_jti: originJti,
      event_id: eventId,
      token_use: 'access',
      scope: args.scope ? args.scope.join(' ') : ADMIN_SCOPE,
      auth_time: authTime,
      exp: iat + accessTtl,
      iat,
      jti: this.random.uuid(),
      username: user.username,
    };
    const attributeClaims: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(user.attributes)) {
      if (name === 'sub') continue;
      attributeClaims[name] = name === 'identities' ? identitiesClaim(value) : name.endsWith('_verified') ? value === 'true' : value;
    }
    const idClaims: JWTPayload = {
      sub: user.sub,
      ...groups.id,
      iss,
      'cognito:username': user.username,
      origin_jti: originJti,
      aud: client.id,
      event_id: eventId,
      token_use: 'id',
      auth_time: authTime,
      exp: iat + idTokenSeconds(client),
      iat,
      jti: this.random.uuid(),
      ...attributeClaims,
    };
    if (args.nonce !== undefined) idClaims.nonce = args.nonce;
    const AccessToken = await new SignJWT(cognitoClaimOrder(edited(access, args.edits?.access)))
      .setProtectedHeader({ kid: keys.access.kid, alg: 'RS256' })
      .sign(keys.access.privateKey);
    // Tokens of the OAuth 2.0 endpoints carry at_hash in the ID token, as Cognito's hosted-UI tokens do (OIDC Core 3.1.3.6).
    if (args.scope) idClaims.at_hash = createHash('sha256').update(AccessToken).digest().subarray(0, 16).toString('base64url');
    const IdToken = await new SignJWT(cognitoClaimOrder(edited(idClaims, args.edits?.id)))
      .setProtectedHeader({ kid: keys.id.kid, alg: 'RS256' })
      .sign(keys.id.privateKey);
    return { AccessToken, IdToken, ExpiresIn: accessTtl, TokenType: 'Bearer' };
  }

  /**
   * Mints the access token of a client_credentials grant (the token endpoint): no user, no ID token, no
   * refresh token, nothing stored. Its claims are those the reference infers for machine tokens: `sub` and
   * `client_id` are the client's id, `version` 2, and no `username`, `origin_jti` or groups, so nothing can
   * revoke it but its expiry. `edits` are a V3_0 pre token generation answer's, applied as to a user's.
   */
  async issueClientAccessToken(args: {
    client: ClientRecord;
    scope: readonly string[];
    edits?: ClaimEdits;
  }): Promise<{ AccessToken: string; ExpiresIn: number }> {
    const { client } = args;
    const keys = await this.poolKeys(client.poolId);
    if (!keys) throw new TypeError(`pool ${client.poolId} has no keys`);
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const ttl = accessTokenSeconds(client);
    const claims: JWTPayload = {
      sub: client.id,
      token_use: 'access',
      scope: args.scope.join(' '),
      auth_time: iat,
      iss: this.issuerFor(client.poolId),
      exp: iat + ttl,
      iat,
      version: 2,
      jti: this.random.uuid(),
      client_id: client.id,
    };
    const AccessToken = await new SignJWT(cognitoClaimOrder(edited(claims, args.edits)))
      .setProtectedHeader({ kid: keys.access.kid, alg: 'RS256' })
      .sign(keys.access.privateKey);
    return { AccessToken, ExpiresIn: ttl };
  }

  /**
   * Verifies an access token as Cognito does before any user-facing operation, failing with
   * NotAuthorizedException in Cognito's words. Order: structure and issuer, key, signature, expiry,
   * token_use, scope, then revocation. An ID token (signed with the other key) is "Invalid Access Token".
   * `requiredScope` is aws.cognito.signin.user.admin unless told otherwise (userInfo requires openid);
   * the check is a flag or a look in the cached claims, no store read. A client_credentials token is
   * refused at the scope check like any token without the scope; one whose pre token generation function
   * gave it the scope anyway is "Invalid Access Token" (our choice: it names no user to act on).
   */
  async verifyAccessToken(token: string, requiredScope: string = ADMIN_SCOPE): Promise<AccessTokenClaims> {
    const hit = this.verified.get(cacheKey(token));
    const { claims, machine } = hit !== undefined && hit.token === token ? hit : await this.verifySignedToken(token);
    if (claims.exp * 1000 <= this.clock.now().getTime()) throw new NotAuthorizedException('Access Token has expired');
    if (requiredScope === ADMIN_SCOPE ? !claims.admin : !claims.scope.includes(requiredScope)) {
      throw new NotAuthorizedException('Access Token does not have required scopes');
    }
    if (machine) throw invalid();
    const origin = await this.store.getTokenOrigin(claims.originJti);
    if (!origin || origin.poolId !== claims.poolId) throw invalid();
    if (origin.revokedAt) throw new NotAuthorizedException('Access Token has been revoked');
    return claims;
  }

  /**
   * Everything about an access token that cannot change: structure, signature, issuer, use; the scopes are
   * read, not judged. `machine`: a client_credentials token (sub is the client id, no user claims).
   */
  private async verifySignedToken(token: string): Promise<VerifiedToken> {
    let kid: string | undefined;
    let iss: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
      iss = decodeJwt(token).iss;
    } catch {
      throw invalid();
    }
    if (typeof iss !== 'string' || kid === undefined) throw invalid();
    const poolId = iss.slice(iss.lastIndexOf('/') + 1);
    if (!poolId || this.issuerFor(poolId) !== iss) throw invalid();
    const keys = await this.poolKeys(poolId);
    if (!keys || keys.access.kid !== kid) throw invalid();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys.access.publicKey, {
        algorithms: ['RS256'],
        issuer: iss,
        currentDate: this.clock.now(),
      }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new NotAuthorizedException('Access Token has expired');
      throw invalid();
    }
    const p = payload as Record<string, unknown>;
    if (p.token_use !== 'access' || typeof p.sub !== 'string' || typeof p.client_id !== 'string') throw invalid();
    const machine = p.username === undefined && p.origin_jti === undefined && p.sub === p.client_id;
    if (!machine && (typeof p.username !== 'string' || typeof p.origin_jti !== 'string')) throw invalid();
    const scope = typeof p.scope === 'string' ? p.scope.split(' ') : [];
    const claims: AccessTokenClaims = Object.freeze({
      poolId,
      sub: p.sub,
      username: machine ? '' : (p.username as string),
      clientId: p.client_id,
      originJti: machine ? '' : (p.origin_jti as string),
      scope,
      admin: scope.includes(ADMIN_SCOPE),
      authTime: Number(p.auth_time),
      exp: Number(p.exp),
      iat: Number(p.iat),
    });
    if (this.verified.size >= TokenService.VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
    const verified = { token, claims, machine };
    this.verified.set(cacheKey(token), verified);
    return verified;
  }
}

/**
 * The ID token's `identities` claim: the user's `identities` attribute (a JSON string) as an array, with
 * `primary` and `dateCreated` as strings, as Cognito's ID tokens show them (decoded real tokens:
 * `"primary":"true","dateCreated":"1583265151085"`; inferred as the rule). Text that is not such JSON is
 * passed on as it is.
 */
export function identitiesClaim(raw: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (!Array.isArray(parsed)) return raw;
  return parsed.map((e: Record<string, unknown>) => ({
    ...e,
    ...(e.primary !== undefined ? { primary: String(e.primary) } : {}),
    ...(e.dateCreated !== undefined ? { dateCreated: String(e.dateCreated) } : {}),
  }));
}
