import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolClientCommand,
  GetUICustomizationCommand,
  SetUICustomizationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { uiCustomizationFor } from '../../src/domain/ui-customization.js';
import { createPoolAndClient } from '../helpers/fixtures.js';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';

/** The smallest PNG: the 8-byte signature and an IHDR chunk are all the check reads. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452', 'hex'), Buffer.alloc(17)]);
const CSS = '.submitButton-customizable { background-color: #0a0; }\n.submitButton-customizable:hover { background-color: #080; }';

describe('UI customization through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  let domains = 0;
  /** A pool with a domain (SetUICustomization needs one) and a client. */
  async function newPool() {
    const made = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' });
    await s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: made.poolId, Domain: `ui-${process.pid}-${++domains}` }));
    return made;
  }

  it('refuses SetUICustomization in a pool without a domain with InvalidParameterException, storing nothing', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' });
    for (const ClientId of ['ALL', clientId]) {
      await assert.rejects(s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId, CSS })), {
        name: 'InvalidParameterException',
        message: 'There has to be an existing domain associated with this user pool',
      });
    }
    assert.equal(await s.app.services.store.getUICustomization(poolId, 'ALL'), null);
    assert.equal(await s.app.services.store.getUICustomization(poolId, clientId), null);
  });

  it("accepts Cognito's own CSS template classes (socialButton, redirect, passwordCheck, idpDescription)", async () => {
    const { poolId } = await newPool();
    const template = [
      '.socialButton-customizable { height: 40px; }',
      '.redirect-customizable { text-align: center; }',
      '.passwordCheck-notValid-customizable { color: #DF3312; }',
      '.passwordCheck-valid-customizable { color: #19BF00; }',
      '.idpDescription-customizable { color: #333; }',
    ].join('\n');
    const r = await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: template }));
    assert.equal(r.UICustomization!.CSS, template);
  });

  it('answers an empty UICustomization when nothing is set', async () => {
    const { poolId, clientId } = await newPool();
    assert.deepEqual((await s.sdk.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization, {});
    assert.deepEqual((await s.sdk.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }))).UICustomization, {});
  });

  it('stores the pool-wide CSS and logo under ALL and returns them, the logo as a data URL of its bytes', async () => {
    const { poolId } = await newPool();
    const set = await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'ALL', CSS, ImageFile: PNG }));
    const at = s.clock.now();
    const version = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    assert.deepEqual(set.UICustomization, {
      UserPoolId: poolId,
      ClientId: 'ALL',
      ImageUrl: `data:image/png;base64,${PNG.toString('base64')}`,
      CSS,
      CSSVersion: version,
      LastModifiedDate: at,
      CreationDate: at,
    });
    assert.deepEqual((await s.sdk.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'ALL' }))).UICustomization, set.UICustomization);
    const stored = await s.app.services.store.getUICustomization(poolId, 'ALL');
    assert.deepEqual(stored?.image, PNG);
  });

  it("gives a client the pool's customization until it has its own, which then wins", async () => {
    const { poolId, clientId } = await newPool();
    await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'ALL', CSS: '.label-customizable { color: red; }' }));
    const inherited = await s.sdk.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(inherited.UICustomization!.ClientId, 'ALL');
    s.clock.advance(60);
    await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS: '.label-customizable { color: blue; }' }));
    const own = await s.sdk.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(own.UICustomization!.ClientId, clientId);
    assert.equal(own.UICustomization!.CSS, '.label-customizable { color: blue; }');
    const forPages = await uiCustomizationFor(s.app.services.store, poolId, clientId);
    assert.equal(forPages?.css, '.label-customizable { color: blue; }');
  });

  it("deletes a client's own customization with the client, keeping the pool's", async () => {
    const { poolId, clientId } = await newPool();
    await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'ALL', CSS }));
    await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS }));
    await s.sdk.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(await s.app.services.store.getUICustomization(poolId, clientId), null);
    assert.notEqual(await s.app.services.store.getUICustomization(poolId, 'ALL'), null);
  });

  it('keeps the creation date and moves the version when the customization is set again', async () => {
    const { poolId } = await newPool();
    const first = await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS }));
    s.clock.advance(3600);
    const second = await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: '.banner-customizable { padding: 2px; }' }));
    assert.deepEqual(second.UICustomization!.CreationDate, first.UICustomization!.CreationDate);
    assert.notEqual(second.UICustomization!.CSSVersion, first.UICustomization!.CSSVersion);
  });

  for (const [label, css, message] of [
    ['a class that is not customizable', '.my-button { color: red; }', 'Invalid CSS: .my-button is not one of the customizable classes.'],
    [
      'a pseudo-class the class does not take',
      '.label-customizable:hover { color: red; }',
      'Invalid CSS: .label-customizable:hover is not one of the customizable classes.',
    ],
    ['an @import', '@import url(https://evil.example/x.css);', 'Invalid CSS: at-rules such as @import, @media, @supports and @page are not allowed.'],
    [
      'an @media rule',
      '@media (max-width: 10px) { .label-customizable { color: red; } }',
      'Invalid CSS: at-rules such as @import, @media, @supports and @page are not allowed.',
    ],
    [
      'script in a declaration',
      '.logo-customizable { background: url(javascript:alert(1)); }',
      'Invalid CSS: scripts and markup are not allowed in declarations.',
    ],
    ['an element selector', 'body { color: red; }', 'Invalid CSS: body is not one of the customizable classes.'],
    [
      'the end of the style element in a comment',
      '/* </STYLE><script>alert(1)</script> */ .label-customizable { color: red; }',
      'Invalid CSS: </style> is not allowed.',
    ],
    ['an unclosed rule', '.label-customizable { color: red;', 'Invalid CSS: every rule must be a selector followed by declarations in braces.'],
  ] as const) {
    it(`refuses CSS with ${label} with InvalidParameterException, storing nothing`, async () => {
      const { poolId } = await newPool();
      await assert.rejects(s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: css })), { name: 'InvalidParameterException', message });
      assert.equal(await s.app.services.store.getUICustomization(poolId, 'ALL'), null);
    });
  }

  it('refuses a logo over 100 KB with "request parameters too large", and one that is not PNG or JPEG', async () => {
    const { poolId } = await newPool();
    const big = Buffer.concat([PNG, Buffer.alloc(100 * 1024)]);
    await assert.rejects(s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ImageFile: big })), {
      name: 'InvalidParameterException',
      message: 'request parameters too large',
    });
    await assert.rejects(s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ImageFile: Buffer.from('GIF89a....') })), {
      name: 'InvalidParameterException',
      message: 'The logo must be a PNG or JPEG image.',
    });
  });

  it('accepts a JPEG logo', async () => {
    const { poolId } = await newPool();
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    const r = await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ImageFile: jpeg }));
    assert.equal(r.UICustomization!.ImageUrl, `data:image/jpeg;base64,${jpeg.toString('base64')}`);
  });

  it('refuses an unknown client, and a client of another pool, with ResourceNotFoundException', async () => {
    const { poolId } = await newPool();
    const other = await newPool();
    for (const clientId of ['a'.repeat(26), other.clientId]) {
      await assert.rejects(s.sdk.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS })), {
        name: 'ResourceNotFoundException',
        message: `User pool client ${clientId} does not exist.`,
      });
      await assert.rejects(s.sdk.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId })), { name: 'ResourceNotFoundException' });
    }
  });

  it('refuses an ImageFile that is not base64 on the wire', async () => {
    const { poolId } = await newPool();
    const r = await rawCall(s.url, 'SetUICustomization', { UserPoolId: poolId, ImageFile: '!!!' });
    assert.equal(r.status, 400);
    assert.equal(r.body.__type, 'InvalidParameterException');
  });
});
