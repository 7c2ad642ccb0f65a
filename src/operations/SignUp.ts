/**
 * SignUp (unsigned, by app client): a new UNCONFIRMED user with a password, and a confirmation code
 * sent to the attribute the pool auto-verifies (domain/codes.ts signUpTarget; no such attribute, no
 * code and no CodeDeliveryDetails). A taken username is UsernameExistsException "User already exists";
 * in pools that sign in with email or phone, a taken address is "An account with the given email
 * already exists." Pools with AllowAdminCreateUserOnly refuse with NotAuthorizedException.
 * The PreSignUp trigger may confirm the user and verify the addresses at once (then PostConfirmation
 * runs and no code is sent); ValidationData and ClientMetadata reach the triggers
 * (domain/sign-up-triggers.ts).
 *
 * Our choices where AWS's documentation is silent: Password is required (cognate has no passwordless
 * sign-in); the analytics/context members are accepted and unused. An address auto-verified by
 * PreSignUp does not take an alias from another user (Cognito moves it; not yet done here).
 */
import { checkSecretHash, requireClient } from '../domain/clients.js';
import { sendCode, signUpTarget } from '../domain/codes.js';
import { newPassword, saveSrp } from '../domain/credentials.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import { newUserIdentity, noMfa, requirePool } from '../domain/users.js';
import { InvalidParameterException, NotAuthorizedException, UsernameExistsException } from '../errors.js';
import type { UserRecord } from '../store/store.js';
import { defineOperation } from './operation.js';
import { postConfirmation, preSignUp } from '../domain/sign-up-triggers.js';

export const SignUp = defineOperation('SignUp', async (input, svc) => {
  const client = await requireClient(svc, input.ClientId);
  checkSecretHash(client, input.SecretHash, [input.Username]);
  const pool = await requirePool(svc.store, client.poolId);
  if (pool.settings.AdminCreateUserConfig?.AllowAdminCreateUserOnly) throw new NotAuthorizedException('SignUp is not permitted for this user pool');
  if (input.Password === undefined) throw new InvalidParameterException('A password is required to sign up.');
  checkPasswordPolicy(input.Password, pool.settings.Policies?.PasswordPolicy);
  const { username, usernameKey, sub, attrs } = await newUserIdentity(svc, pool, input.Username, input.UserAttributes ?? [], 'User already exists');
  // Addresses are proven by the confirmation code (or vouched for by the PreSignUp function), never by the caller.
  delete attrs.email_verified;
  delete attrs.phone_number_verified;
  const answer = await preSignUp(svc, pool, {
    source: 'SignUp',
    userName: username,
    clientId: input.ClientId,
    attributes: { ...attrs },
    ...(input.ValidationData ? { validationData: input.ValidationData } : {}),
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  });
  if (answer.autoVerifyEmail && attrs.email !== undefined) attrs.email_verified = 'true';
  if (answer.autoVerifyPhone && attrs.phone_number !== undefined) attrs.phone_number_verified = 'true';
  const now = svc.clock.now();
  const user: UserRecord = {
    poolId: pool.id,
    username,
    ...(usernameKey !== username ? { usernameKey } : {}),
    sub,
    status: answer.autoConfirmUser ? 'CONFIRMED' : 'UNCONFIRMED',
    enabled: true,
    passwordHash: null,
    temporaryPasswordExpiresAt: null,
    attributes: attrs,
    mfa: noMfa(),
    createdAt: now,
    lastModifiedAt: now,
  };
  const password = await newPassword(svc, user, input.Password);
  user.passwordHash = password.passwordHash;
  if (!(await svc.store.createUser(user))) throw new UsernameExistsException('User already exists');
  await saveSrp(svc, user, password);
  const caller = { clientId: input.ClientId, ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}) };
  if (answer.autoConfirmUser) {
    await postConfirmation(svc, pool, user, 'ConfirmSignUp', caller);
    return { UserConfirmed: true, UserSub: sub };
  }
  const target = signUpTarget(pool, user);
  const details = target
    ? await sendCode(svc, pool, user, 'SIGN_UP', target, {
        clientId: input.ClientId,
        ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
      })
    : undefined;
  return { UserConfirmed: false, UserSub: sub, ...(details ? { CodeDeliveryDetails: details } : {}) };
});
