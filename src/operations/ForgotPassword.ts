/**
 * ForgotPassword (unsigned, by app client): a password-reset code (valid one hour) to the user's verified
 * address chosen by domain/recovery.ts. No verified address is InvalidParameterException "Cannot reset
 * password for the user as there is no registered/verified email or phone_number" (the real service's text,
 * as reported). An unknown user is UserNotFoundException "Username/client id combination not found."
 * (likewise). A disabled user is NotAuthorizedException "User is disabled." (our choice). The user's status
 * does not change.
 *
 * A pool whose recovery is `admin_only` answers NotAuthorizedException "Contact administrator to reset
 * password." (Cognito's text), for any user name (our choice: before the user is looked at, so it says
 * nothing about who exists). A user the pool does not know is first asked of its UserMigration function
 * (domain/migration.ts).
 *
 * When the client prevents user-existence errors, an unknown user, a disabled user and a user with no
 * verified address all get CodeDeliveryDetails for a simulated destination (developer guide), of the
 * medium the pool's recovery order tries first, and nothing is sent (domain/existence.ts).
 */
import { clientAndUser } from '../domain/clients.js';
import { deliveryDetails, sendCode } from '../domain/codes.js';
import { decoyDelivery, hidesUserExistence } from '../domain/existence.js';
import { migrateUser } from '../domain/migration.js';
import { NO_RECOVERY_ADDRESS, recoveryOrder, recoveryTarget } from '../domain/recovery.js';
import { InvalidParameterException, NotAuthorizedException, UserNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const ForgotPassword = defineOperation('ForgotPassword', async (input, svc) => {
  const { client, pool, user: found } = await clientAndUser(svc, input.ClientId, input.Username, input.SecretHash);
  if (pool.settings.AccountRecoverySetting?.RecoveryMechanisms?.some((m) => m.Name === 'admin_only')) {
    throw new NotAuthorizedException('Contact administrator to reset password.');
  }
  const user =
    found ??
    (await migrateUser(svc, pool, {
      source: 'ForgotPassword',
      userName: input.Username,
      clientId: client.id,
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    }));
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
    throw new InvalidParameterException(NO_RECOVERY_ADDRESS);
  }
  return {
    CodeDeliveryDetails: await sendCode(svc, pool, user, 'FORGOT_PASSWORD', target, {
      clientId: input.ClientId,
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    }),
  };
});
