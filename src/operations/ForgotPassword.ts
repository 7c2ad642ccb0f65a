/**
 * ForgotPassword (unsigned, by app client): a password-reset code (valid one hour) to the user's first
 * verified address in the pool's AccountRecoverySetting order (domain/recovery.ts). No verified address is
 * InvalidParameterException "Cannot reset password for the user as there is no registered/verified
 * email or phone_number" (the real service's text, as reported). An unknown user is UserNotFoundException "Username/client id combination
 * not found." (likewise), unless the client prevents user-existence errors: then the answer looks like a
 * delivery to an email address (our choice), and nothing is sent. A disabled user is
 * NotAuthorizedException "User is disabled." (our choice). The user's status does not change. A pool
 * whose recovery is `admin_only` answers NotAuthorizedException "Contact administrator to reset
 * password." (Cognito's text), for any user name (our choice: before the user is looked at, so it
 * says nothing about who exists). A user the pool does not know is first asked of its UserMigration
 * function (domain/migration.ts).
 */
import { clientAndUser } from '../domain/clients.js';
import { sendCode } from '../domain/codes.js';
import { NO_RECOVERY_ADDRESS, recoveryTarget } from '../domain/recovery.js';
import { maskEmail } from '../domain/users.js';
import { migrateUser } from '../domain/migration.js';
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
  if (!user) {
    if (client.settings.PreventUserExistenceErrors === 'ENABLED') {
      const shown = input.Username.includes('@') ? input.Username : `${input.Username}@example.com`;
      return { CodeDeliveryDetails: { Destination: maskEmail(shown), DeliveryMedium: 'EMAIL', AttributeName: 'email' } };
    }
    throw new UserNotFoundException('Username/client id combination not found.');
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  const target = recoveryTarget(pool, user);
  if (!target) throw new InvalidParameterException(NO_RECOVERY_ADDRESS);
  return {
    CodeDeliveryDetails: await sendCode(svc, pool, user, 'FORGOT_PASSWORD', target, {
      clientId: input.ClientId,
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    }),
  };
});
