/**
 * The first factors of choice-based sign-in (USER_AUTH): what a pool allows (its
 * `Policies.SignInPolicy.AllowedFirstAuthFactors`) and what one user can start a sign-in with. USER_AUTH's
 * AvailableChallenges and GetUserAuthFactors' ConfiguredUserAuthFactors both come from firstFactors, so the
 * two never disagree.
 *
 * - PASSWORD: when the user has a password. Every pool allows it (the CDK's AllowedFirstAuthFactors: the
 *   password factor "must be true"), so a sign-in policy without it is refused.
 * - EMAIL_OTP / SMS_OTP: when the pool allows the factor and the user has a verified email address / phone
 *   number, and MFA does not apply to the user. Passwordless sign-in and MFA exclude each other: Amplify's
 *   passwordless guide says "If a user has MFA configured, passwordless sign-in options will not be
 *   available", and the API reference's WebAuthnMfaSettingsType names only passkeys as "available when MFA is
 *   required". Inferred from those: a pool that requires MFA (ON) offers no one-time-password first factor,
 *   and in an OPTIONAL pool a user with an active MFA factor gets none either.
 * - WEB_AUTHN: never; cognate has no passkeys. A pool may still list it (it is stored and reported).
 * - The sign-in policy is an Essentials feature ("To activate this setting, your user pool must be in the
 *   Essentials tier or higher", SignInPolicyType): a LITE pool that allows more than PASSWORD is refused with
 *   FeatureUnavailableInTierException (the message is ours); pools.ts checks the policy (checkSignInPolicy).
 */
import type { AuthFactorType } from '../model/generated.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import { activeFactors } from './mfa.js';

/** The factors the pool allows first; PASSWORD alone when it sets none, as CreateUserPool reports. */
export function allowedFirstFactors(pool: PoolRecord): AuthFactorType[] {
  return pool.settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
}

/** The one-time-password factors the pool offers as first factors to users MFA does not apply to. */
export function poolPasswordlessFactors(pool: PoolRecord): Array<'EMAIL_OTP' | 'SMS_OTP'> {
  if (pool.settings.MfaConfiguration === 'ON') return [];
  const allowed = allowedFirstFactors(pool);
  return (['EMAIL_OTP', 'SMS_OTP'] as const).filter((f) => allowed.includes(f));
}

/** The first factors this user can sign in with, in the order AuthFactorType lists them. */
export function firstFactors(pool: PoolRecord, user: UserRecord): AuthFactorType[] {
  const factors: AuthFactorType[] = [];
  if (user.passwordHash !== null) factors.push('PASSWORD');
  if (activeFactors(pool, user).length > 0) return factors;
  const otp = poolPasswordlessFactors(pool);
  const a = user.attributes;
  if (otp.includes('EMAIL_OTP') && a.email && a.email_verified === 'true') factors.push('EMAIL_OTP');
  if (otp.includes('SMS_OTP') && a.phone_number && a.phone_number_verified === 'true') factors.push('SMS_OTP');
  return factors;
}
