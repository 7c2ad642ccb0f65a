/**
 * Where a password-reset code goes (ForgotPassword, AdminResetUserPassword): the pool's
 * AccountRecoverySetting, as the API reference for CreateUserPool describes it. The mechanisms are
 * tried by Priority (1 first) and the first verified address of the user wins. With the setting, a phone
 * number does not qualify while the user has SMS MFA on, nor an email address while email MFA is on.
 * Without it, Cognito's "legacy behavior" applies: SMS is preferred over email, and MFA disqualifies
 * nothing (the exclusions are stated for the setting only). `admin_only` offers no address at all.
 */
import type { PoolRecord, UserRecord } from '../store/store.js';
import type { CodeTarget } from './codes.js';
import { smsMfaOn } from './users.js';

/** The order Cognito tries when a pool has no AccountRecoverySetting: SMS before email. */
const LEGACY_ORDER = ['phone_number', 'email'] as const;

/** The media the pool tries, in order, before any user's MFA is considered (admin_only has none). */
export function recoveryOrder(pool: PoolRecord): Array<'email' | 'phone_number'> {
  const setting = pool.settings.AccountRecoverySetting?.RecoveryMechanisms;
  if (!setting) return [...LEGACY_ORDER];
  return [...setting]
    .sort((a, b) => a.Priority - b.Priority)
    .flatMap((m) => (m.Name === 'verified_email' ? ['email' as const] : m.Name === 'verified_phone_number' ? ['phone_number' as const] : []));
}

/** The verified address a reset code goes to, or null if the user has none the pool allows. */
export function recoveryTarget(pool: PoolRecord, user: UserRecord): CodeTarget | null {
  const setting = pool.settings.AccountRecoverySetting?.RecoveryMechanisms;
  const order = setting
    ? recoveryOrder(pool).filter((attribute) => (attribute === 'phone_number' ? !smsMfaOn(user.mfa) : !user.mfa.enabled.includes('EMAIL_OTP')))
    : recoveryOrder(pool);
  for (const attribute of order) {
    const destination = user.attributes[attribute];
    if (destination && user.attributes[`${attribute}_verified`] === 'true') return { attribute, destination };
  }
  return null;
}

/** Cognito's answer when a user has no address to send a reset code to (the real service's text, as reported). */
export const NO_RECOVERY_ADDRESS = 'Cannot reset password for the user as there is no registered/verified email or phone_number';
