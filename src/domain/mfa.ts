import { InvalidParameterException } from '../errors.js';
import type { MFAOptionType } from '../model/generated.js';
import type { Services } from '../services.js';
import type { MfaFactor, PoolRecord, UserRecord } from '../store/store.js';
import { poolSmsMfaEnabled } from './pools.js';
import { matchingTotpSteps } from './totp.js';
import { smsMfaOn } from './users.js';

/** The message for an option whose AttributeName is not phone_number [R: real service, 2016]. */
export const ONLY_PHONE_NUMBER = 'Only phone_number attribute is currently supported as a MFA option.';
/** Our text for DeliveryMedium EMAIL (no capture of the real service's text). */
export const ONLY_SMS = 'Only SMS is currently supported as a MFA delivery medium.';
/** The text SetUserMFAPreference uses for the same situation (the real service's text, as reported), reused here. */
export const NO_PHONE_NUMBER = 'User does not have a phone_number set to turn on SMS MFA';

/**
 * The legacy SMS MFA switch that SetUserSettings and AdminSetUserSettings write.
 *
 * - Each option must name `phone_number` (a missing AttributeName included) or the whole request fails
 *   with ONLY_PHONE_NUMBER, checked first as the real capture shows.
 * - DeliveryMedium must be SMS; EMAIL fails with ONLY_SMS. A missing DeliveryMedium means SMS, the
 *   only medium there is (our choice).
 * - Turning SMS on needs a phone_number attribute (NO_PHONE_NUMBER); it need not be verified, as the
 *   developer guide allows unverified numbers for SMS MFA.
 * - `[]` turns legacy SMS MFA off; repeated SMS entries are one switch. UserMFASettingList and
 *   PreferredMfaSetting are left alone (AWS API reference: the two writers are separate).
 *
 * Returns the user with the new state; the caller stores it.
 */
export function applyLegacyMfaOptions(user: UserRecord, options: MFAOptionType[], now: Date): UserRecord {
  for (const o of options) {
    if (o.AttributeName !== 'phone_number') throw new InvalidParameterException(ONLY_PHONE_NUMBER);
  }
  for (const o of options) {
    if (o.DeliveryMedium !== undefined && o.DeliveryMedium !== 'SMS') throw new InvalidParameterException(ONLY_SMS);
  }
  const on = options.length > 0;
  if (on && !user.attributes.phone_number) throw new InvalidParameterException(NO_PHONE_NUMBER);
  return { ...user, mfa: { ...user.mfa, legacySms: on }, lastModifiedAt: now };
}

/** One factor's part of a SetUserMFAPreference request. */
export interface FactorPreference {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

/** The factors in the order Cognito's enum lists them; UserMFASettingList keeps this order. */
export const FACTORS: readonly MfaFactor[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

/** The real service's text when TOTP was associated but never verified (reported in amplify-js issues #1343 and #7016). */
export const TOTP_NOT_VERIFIED = 'User has not verified software token mfa';
/** The real service's text when TOTP was never associated (reported in aws-sdk-js-v3 issue #4645). */
export const TOTP_NO_DELIVERY = 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA';
/** Our text, by analogy with the SMS and TOTP texts (no capture of the real one). */
export const NO_EMAIL = 'User does not have delivery config set to turn on EMAIL_OTP';
/** Our text: the service model documents the rule, but no capture shows its message. */
export const ONE_PREFERRED = 'Only one MFA method can be set as preferred.';
/** Our text (no capture of the real one). */
export const PREFERRED_NOT_ENABLED = 'An MFA method must be enabled to be set as preferred.';
/** Our text for the documented rule "you can't turn off SMS or TOTP MFA while MFA is required". */
export const MFA_REQUIRED = 'MFA cannot be turned off for a user while the user pool requires MFA; only the preferred method can be changed.';

/**
 * The rules of SetUserMFAPreference and AdminSetUserMFAPreference (as the API reference describes them), checked in this
 * order, each failure an InvalidParameterException:
 *
 * - at most one factor with PreferredMfa true (ONE_PREFERRED);
 * - a preferred factor must be enabled once the request is applied (PREFERRED_NOT_ENABLED);
 * - turning SMS on needs a phone_number (NO_PHONE_NUMBER); TOTP needs a verified software token
 *   (TOTP_NO_DELIVERY / TOTP_NOT_VERIFIED); email needs an email attribute (NO_EMAIL);
 * - while the pool's MfaConfiguration is ON no factor that is on may be turned off (MFA_REQUIRED).
 *
 * A factor the request leaves out keeps its state. Turning a factor off also drops it as preferred;
 * PreferredMfa false on the preferred factor clears the preference. Turning SMS off here also clears
 * the legacy SetUserSettings flag, so "SMS MFA on" (and MFAOptions) really ends: the newer API is the
 * authoritative switch (our choice; no AWS document or capture settles it). Turning SMS on does not set the
 * legacy flag: MFAOptions shows it anyway, as a view of either writer.
 */
export function applyMfaPreference(
  user: UserRecord,
  poolMfa: 'OFF' | 'ON' | 'OPTIONAL' | undefined,
  request: Partial<Record<MfaFactor, FactorPreference | undefined>>,
  now: Date,
): UserRecord {
  const given = FACTORS.filter((f) => request[f] !== undefined);
  if (given.filter((f) => request[f]!.PreferredMfa === true).length > 1) throw new InvalidParameterException(ONE_PREFERRED);
  const isOn = (f: MfaFactor) => (f === 'SMS_MFA' ? user.mfa.legacySms || user.mfa.enabled.includes(f) : user.mfa.enabled.includes(f));
  const willBeOn = (f: MfaFactor) => request[f]?.Enabled ?? isOn(f);
  for (const f of given) {
    if (request[f]!.PreferredMfa === true && !willBeOn(f)) throw new InvalidParameterException(PREFERRED_NOT_ENABLED);
  }
  for (const f of given) {
    if (request[f]!.Enabled !== true || isOn(f)) continue;
    if (f === 'SMS_MFA' && !user.attributes.phone_number) throw new InvalidParameterException(NO_PHONE_NUMBER);
    if (f === 'SOFTWARE_TOKEN_MFA' && !user.mfa.totpSecret) {
      throw new InvalidParameterException(user.mfa.totpPendingSecret ? TOTP_NOT_VERIFIED : TOTP_NO_DELIVERY);
    }
    if (f === 'SOFTWARE_TOKEN_MFA' && !user.mfa.totpVerified) throw new InvalidParameterException(TOTP_NOT_VERIFIED);
    if (f === 'EMAIL_OTP' && !user.attributes.email) throw new InvalidParameterException(NO_EMAIL);
  }
  if (poolMfa === 'ON' && given.some((f) => request[f]!.Enabled === false && isOn(f))) throw new InvalidParameterException(MFA_REQUIRED);

  const enabled = new Set(user.mfa.enabled);
  let { preferred, legacySms } = user.mfa;
  for (const f of given) {
    const p = request[f]!;
    if (p.Enabled === true) enabled.add(f);
    if (p.Enabled === false) {
      enabled.delete(f);
      if (f === 'SMS_MFA') legacySms = false;
      if (preferred === f) preferred = null;
    }
    if (p.PreferredMfa === true) preferred = f;
    if (p.PreferredMfa === false && preferred === f) preferred = null;
  }
  return {
    ...user,
    mfa: { ...user.mfa, legacySms, enabled: FACTORS.filter((f) => enabled.has(f)), preferred },
    lastModifiedAt: now,
  };
}

/** Whether the pool offers TOTP (SetUserPoolMfaConfig SoftwareTokenMfaConfiguration.Enabled). */
export function poolTotpEnabled(pool: PoolRecord): boolean {
  return pool.settings.MfaConfiguration !== 'OFF' && pool.settings.SoftwareTokenMfaConfiguration?.Enabled === true;
}

/** Whether the pool offers email MFA (SetUserPoolMfaConfig EmailMfaConfiguration). */
export function poolEmailMfaEnabled(pool: PoolRecord): boolean {
  return pool.settings.MfaConfiguration !== 'OFF' && pool.settings.EmailMfaConfiguration !== undefined;
}

/** The factors the pool offers, in enum order: what MFAS_CAN_SETUP lists. */
export function poolFactors(pool: PoolRecord): MfaFactor[] {
  return FACTORS.filter((f) => (f === 'SMS_MFA' ? poolSmsMfaEnabled(pool) : f === 'SOFTWARE_TOKEN_MFA' ? poolTotpEnabled(pool) : poolEmailMfaEnabled(pool)));
}

/**
 * The factors that challenge this user at sign-in: on for the user (SMS from either writer), offered
 * by the pool, and with somewhere to deliver to (a phone number, a verified software token, an email).
 */
export function activeFactors(pool: PoolRecord, user: UserRecord): MfaFactor[] {
  const offered = new Set(poolFactors(pool));
  return FACTORS.filter((f) => {
    if (!offered.has(f)) return false;
    if (f === 'SMS_MFA') return smsMfaOn(user.mfa) && !!user.attributes.phone_number;
    if (f === 'SOFTWARE_TOKEN_MFA') return user.mfa.enabled.includes(f) && !!user.mfa.totpSecret && user.mfa.totpVerified;
    return user.mfa.enabled.includes(f) && !!user.attributes.email;
  });
}

/**
 * Accepts a TOTP code for a user's secret: it must match a step within the drift window that is later
 * than any step accepted before (claimed atomically in the store), so each code works once.
 */
export async function acceptTotp(svc: Services, user: UserRecord, secret: string, code: string): Promise<boolean> {
  for (const step of matchingTotpSteps(secret, code, svc.clock.now())) {
    if (await svc.store.claimTotpStep(user.poolId, user.username, step)) return true;
  }
  return false;
}
