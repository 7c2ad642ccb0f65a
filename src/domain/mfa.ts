import { InvalidParameterException } from '../errors.js';
import type { MFAOptionType } from '../model/generated.js';
import type { UserRecord } from '../store/store.js';

/** The message for an option whose AttributeName is not phone_number [R: real service, 2016]. */
export const ONLY_PHONE_NUMBER = 'Only phone_number attribute is currently supported as a MFA option.';
/** Our text for DeliveryMedium EMAIL (the reference leaves the real text open; §7.1). */
export const ONLY_SMS = 'Only SMS is currently supported as a MFA delivery medium.';
/** The text SetUserMFAPreference uses for the same situation [R], reused here (reference §1.4). */
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
 *   PreferredMfaSetting are left alone (reference §1.4).
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
