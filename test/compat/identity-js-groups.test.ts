/**
 * amazon-cognito-identity-js, unmodified, against a `cognate serve` process: a user in two groups signs
 * in with SRP, and aws-jwt-verify (CognitoJwtVerifier, against the JWKS the server publishes) checks the
 * group and role claims of both tokens; a refreshSession after a membership change shows the change.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import acijs from 'amazon-cognito-identity-js';
import type { CognitoUserSession, ICognitoUserPoolData } from 'amazon-cognito-identity-js';
import { useServeProcess } from '../helpers/cognate-process.js';
import { PASSWORD } from '../helpers/fixtures.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = acijs;
const ADMINS_ROLE = 'arn:aws:iam::123456789012:role/admins';
const EDITORS_ROLE = 'arn:aws:iam::123456789012:role/editors';

describe('amazon-cognito-identity-js: group claims of a user in two groups, verified by aws-jwt-verify', () => {
  const served = useServeProcess('cognate-acijs-groups-');

  it('carries cognito:groups in both tokens and cognito:roles and cognito:preferred_role in the ID token, and a refresh shows a removal', async () => {
    const poolId = (await served.sdk.send(new CreateUserPoolCommand({ PoolName: 'spa', MfaConfiguration: 'OFF' }))).UserPool!.Id!;
    const clientId = (
      await served.sdk.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    await served.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alice', MessageAction: 'SUPPRESS' }));
    await served.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: PASSWORD, Permanent: true }));
    await served.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors', RoleArn: EDITORS_ROLE, Precedence: 5 }));
    await served.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', RoleArn: ADMINS_ROLE, Precedence: 1 }));
    for (const GroupName of ['editors', 'admins']) await served.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName }));

    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: served.url } as ICognitoUserPoolData);
    const user = new CognitoUser({ Username: 'alice', Pool: userPool });
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: 'alice', Password: PASSWORD }), { onSuccess: resolve, onFailure: reject }),
    );

    const jwks = (await (await fetch(`${served.url}/${poolId}/.well-known/jwks.json`)).json()) as { keys: Array<{ kty: string; [k: string]: string }> };
    const accessVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId, groups: ['admins'] });
    accessVerifier.cacheJwks(jwks);
    const idVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId, groups: 'editors' });
    idVerifier.cacheJwks(jwks);

    const access = await accessVerifier.verify(session.getAccessToken().getJwtToken());
    assert.deepEqual(access['cognito:groups'], ['admins', 'editors']);
    assert.equal('cognito:roles' in access, false);
    assert.equal('cognito:preferred_role' in access, false);
    const id = await idVerifier.verify(session.getIdToken().getJwtToken());
    assert.deepEqual(id['cognito:groups'], ['admins', 'editors']);
    assert.deepEqual(id['cognito:roles'], [ADMINS_ROLE, EDITORS_ROLE]);
    assert.equal(id['cognito:preferred_role'], ADMINS_ROLE);
    // The library's own decoding agrees.
    assert.deepEqual(session.getIdToken().decodePayload()['cognito:groups'], ['admins', 'editors']);

    // Out of admins: the tokens in hand keep the claim; refreshSession brings tokens without it.
    await served.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'admins' }));
    assert.deepEqual((await accessVerifier.verify(session.getAccessToken().getJwtToken()))['cognito:groups'], ['admins', 'editors']);
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (err: Error | null, s: CognitoUserSession) => (err ? reject(err) : resolve(s))),
    );
    await assert.rejects(accessVerifier.verify(refreshed.getAccessToken().getJwtToken()), { message: 'Cognito group not allowed: editors. Expected: admins' });
    const idAfter = await idVerifier.verify(refreshed.getIdToken().getJwtToken());
    assert.deepEqual([idAfter['cognito:groups'], idAfter['cognito:roles'], idAfter['cognito:preferred_role']], [['editors'], [EDITORS_ROLE], EDITORS_ROLE]);
  });
});
