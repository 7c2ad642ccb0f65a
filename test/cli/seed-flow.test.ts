/**
 * The README's seed flow done with `cognate cognito-idp …` alone against a real cognate server:
 * pool, client, user, password, sign-in, SMS MFA on through set-user-settings, the SMS_MFA challenge
 * answered with the code from the outbox, and MFA off again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { baseEnv, caseDir, cognate } from './helpers.js';

describe('the seed flow with cognate cognito-idp', () => {
  let srv: TestServer;
  let dir: string;
  const cli = async (...args: string[]) => {
    const r = await cognate(
      ['cognito-idp', ...args, '--endpoint-url', srv.url],
      dir,
      baseEnv(dir, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' }),
    );
    assert.equal(r.code, 0, `${args.join(' ')}\n${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    srv = await startServer();
    dir = caseDir();
  });
  after(async () => {
    await srv.close();
  });

  it('turns SMS MFA on and off through set-user-settings', async () => {
    const pool = (
      await cli(
        'create-user-pool',
        '--pool-name',
        'demo',
        '--mfa-configuration',
        'OPTIONAL',
        '--sms-configuration',
        'SnsCallerArn=arn:aws:iam::123456789012:role/sms,ExternalId=demo',
        '--query',
        'UserPool.Id',
        '--output',
        'text',
      )
    ).trim();
    assert.match(pool, /^us-east-1_\w+$/);
    const client = (
      await cli(
        'create-user-pool-client',
        '--user-pool-id',
        pool,
        '--client-name',
        'app',
        '--explicit-auth-flows',
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
        '--query',
        'UserPoolClient.ClientId',
        '--output',
        'text',
      )
    ).trim();
    await cli(
      'admin-create-user',
      '--user-pool-id',
      pool,
      '--username',
      'alice',
      '--user-attributes',
      'Name=phone_number,Value=+15555551234',
      '--message-action',
      'SUPPRESS',
    );
    assert.equal(await cli('admin-set-user-password', '--user-pool-id', pool, '--username', 'alice', '--password', 'Passw0rd!', '--permanent'), '');
    const token = (
      await cli(
        'initiate-auth',
        '--client-id',
        client,
        '--auth-flow',
        'USER_PASSWORD_AUTH',
        '--auth-parameters',
        'USERNAME=alice,PASSWORD=Passw0rd!',
        '--query',
        'AuthenticationResult.AccessToken',
        '--output',
        'text',
      )
    ).trim();
    assert.ok(token.split('.').length === 3, token);

    // the seed
    assert.equal(await cli('set-user-settings', '--access-token', token, '--mfa-options', 'DeliveryMedium=SMS,AttributeName=phone_number'), '');
    const user = JSON.parse(await cli('get-user', '--access-token', token)) as { MFAOptions?: unknown };
    assert.deepEqual(user.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);

    // the next sign-in is challenged; the code is in the outbox
    const challenge = JSON.parse(
      await cli('initiate-auth', '--client-id', client, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=alice,PASSWORD=Passw0rd!'),
    ) as { ChallengeName: string; Session: string };
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    const res = await fetch(`${srv.url}/_cognate/messages?username=alice`);
    const text = await res.text();
    const code = /\b(\d{6})\b/.exec(text)?.[1];
    assert.ok(code, text);
    const tokens = JSON.parse(
      await cli(
        'respond-to-auth-challenge',
        '--client-id',
        client,
        '--challenge-name',
        'SMS_MFA',
        '--session',
        challenge.Session,
        '--challenge-responses',
        `USERNAME=alice,SMS_MFA_CODE=${code}`,
      ),
    ) as { AuthenticationResult?: { AccessToken: string } };
    assert.ok(tokens.AuthenticationResult?.AccessToken);

    // and off again
    assert.equal(await cli('set-user-settings', '--access-token', tokens.AuthenticationResult.AccessToken, '--mfa-options', '[]'), '');
    const after = JSON.parse(await cli('get-user', '--access-token', tokens.AuthenticationResult.AccessToken)) as { MFAOptions?: unknown };
    assert.equal(after.MFAOptions, undefined);
  });

  it("reports the service's error for a bad token with exit code 254", async () => {
    const r = await cognate(
      [
        'cognito-idp',
        'set-user-settings',
        '--access-token',
        'not-a-token',
        '--mfa-options',
        'DeliveryMedium=SMS,AttributeName=phone_number',
        '--endpoint-url',
        srv.url,
      ],
      dir,
      baseEnv(dir),
    );
    assert.equal(r.code, 254);
    assert.match(r.stderr, /^\nAn error occurred \(NotAuthorizedException\) when calling the SetUserSettings operation: /);
  });
});
