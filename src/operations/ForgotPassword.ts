/**
 * ForgotPassword (unsigned, by app client): a password-reset code (valid one hour) to the user's first
 * verified address in the pool's AccountRecoverySetting order. No verified address is
 * InvalidParameterException "Cannot reset password for the user as there is no registered/verified
 * email or phone_number" (the real service's text, as reported). An unknown user is UserNotFoundException "Username/client id combination
 * not found." (likewise). A disabled user is NotAuthorizedException "User is disabled." (our choice).
 * The user's status does not change.
 *
 * When the client prevents user-existence errors, an unknown user, a disabled user and a user with no
 * verified address all get CodeDeliveryDetails for a simulated destination (developer guide), of the
 * medium the pool's recovery order tries first, and nothing is sent (domain/existence.ts).
 */
import { clientAndUser } from '../domain/clients.js';
import { deliveryDetails, sendCode, type CodeTarget } from '../domain/codes.js';
import { decoyDelivery, hidesUserExistence } from '../domain/existence.js';
import { InvalidParameterException, NotAuthorizedException, UserNotFoundException } from '../errors.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import { defineOperation } from './operation.js';

/** The pool's recovery mechanisms in priority order, as attributes (admin_only has none). */
function recoveryOrder(pool: PoolRecord): Array<'email' | 'phone_number'> {
  const mechanisms = [
    ...(pool.settings.AccountRecoverySetting?.RecoveryMechanisms ?? [
      { Priority: 1, Name: 'verified_email' },
      { Priority: 2, Name: 'verified_phone_number' },
    ]),
  ].sort((a, b) => a.Priority - b.Priority);
  return mechanisms.flatMap((m) => (m.Name === 'verified_email' ? ['email' as const] : m.Name === 'verified_phone_number' ? ['phone_number' as const] : []));
}

function recoveryTarget(pool: PoolRecord, user: UserRecord): CodeTarget | null {
  for (const attribute of recoveryOrder(pool)) {
    const destination = user.attributes[attribute];
    if (destination && user.attributes[`${attribute}_verified`] === 'true') return { attribute, destination };
  }
  return null;
}

export const ForgotPassword = defineOperation('ForgotPassword', async (input, svc) => {
  const { client, pool, user } = await clientAndUser(svc, input.ClientId, input.Username, input.SecretHash);
  const target = user?.enabled ? recoveryTarget(pool, user) : null;
  if (!user || !target) {
    if (hidesUserExistence(client)) {
      // A user who exists but cannot receive the code is shown their own address of that medium, if any.
      const medium = recoveryOrder(pool)[0] ?? 'email';
      const own = user?.attributes[medium];
      return { CodeDeliveryDetails: own ? deliveryDetails({ attribute: medium, destination: own }) : await decoyDelivery(svc, pool, input.Username, medium) };
    }
    if (!user) throw new UserNotFoundException('Username/client id combination not found.');
    if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
    throw new InvalidParameterException('Cannot reset password for the user as there is no registered/verified email or phone_number');
  }
  return {
    CodeDeliveryDetails: await sendCode(svc, pool, user, 'FORGOT_PASSWORD', target, {
      clientId: input.ClientId,
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    }),
  };
});
