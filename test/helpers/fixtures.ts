import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';

export const PASSWORD = 'Passw0rd!';
export const PHONE = '+15555551234';
export const SMS_CONFIGURATION = { SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms', ExternalId: 'cognate' };

export interface SignedInUser {
  poolId: string;
  clientId: string;
  username: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

/** A pool (MFA OPTIONAL with SMS unless overridden) and a client allowing USER_PASSWORD_AUTH. */
export async function createPoolAndClient(
  sdk: CognitoIdentityProviderClient,
  pool: Partial<CreateUserPoolCommandInput> = {},
): Promise<{ poolId: string; clientId: string }> {
  const created = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: 'test-pool',
      MfaConfiguration: 'OPTIONAL',
      SmsConfiguration: SMS_CONFIGURATION,
      ...pool,
    }),
  );
  const poolId = created.UserPool!.Id!;
  const client = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
    }),
  );
  return { poolId, clientId: client.UserPoolClient!.ClientId! };
}

/** A confirmed user with a permanent password (and a phone number unless `phone` is null). */
export async function createConfirmedUser(sdk: CognitoIdentityProviderClient, poolId: string, username: string, phone: string | null = PHONE): Promise<void> {
  await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: phone ? [{ Name: 'phone_number', Value: phone }] : [],
    }),
  );
  await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
}

/** Signs in with USER_PASSWORD_AUTH and returns the tokens (fails if a challenge comes back). */
export async function signIn(sdk: CognitoIdentityProviderClient, clientId: string, username: string, password = PASSWORD) {
  const r = await sdk.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  if (!r.AuthenticationResult) throw new Error(`expected tokens, got challenge ${r.ChallengeName}`);
  return { accessToken: r.AuthenticationResult.AccessToken!, idToken: r.AuthenticationResult.IdToken!, refreshToken: r.AuthenticationResult.RefreshToken! };
}

/** Pool, client, confirmed user with a phone number, signed in. */
export async function signedInUser(sdk: CognitoIdentityProviderClient, username = 'alice', phone: string | null = PHONE): Promise<SignedInUser> {
  const { poolId, clientId } = await createPoolAndClient(sdk);
  await createConfirmedUser(sdk, poolId, username, phone);
  return { poolId, clientId, username, ...(await signIn(sdk, clientId, username)) };
}
