/**
 * One golden CLI test per operation of the model, so an operation added to the service cannot lack its
 * command: the input skeleton lists the request members, and a request built from the model's required
 * members goes out with the right target, the same body, and a signature exactly when the model says so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI_OPERATION_NAMES, OPERATION_MODELS, SHAPES, type OperationName } from '../../src/model/generated.js';
import { baseEnv, caseDir, CaptureServer, cognate } from './helpers.js';

/** A value the AWS CLI's own checks accept (required members, minimum lengths); patterns are the server's business. */
function sample(shapeName: string): unknown {
  const s = SHAPES[shapeName]!;
  switch (s.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const m of s.required ?? []) out[m] = sample(s.members[m]!.shape);
      return out;
    }
    case 'list':
      return Array.from({ length: s.min ?? 0 }, () => sample(s.member));
    case 'map':
      return {};
    case 'string':
      return s.enum ? s.enum[0] : 'x'.repeat(Math.max(1, s.min ?? 1));
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return s.min ?? 1;
    case 'boolean':
      return true;
    case 'timestamp':
      return 1700000000;
    case 'blob':
      return 'eA==';
  }
}

describe('every operation has a working cognate cognito-idp command', () => {
  let server: CaptureServer;
  let dir: string;
  before(async () => {
    server = await new CaptureServer().start();
    dir = caseDir();
  });
  after(async () => server.close());

  for (const op of Object.keys(OPERATION_MODELS) as OperationName[]) {
    const model = OPERATION_MODELS[op];
    const command = CLI_OPERATION_NAMES[op];
    it(`${command} prints an input skeleton of ${model.input}'s members and sends its required members to ${op}`, async () => {
      const skeleton = await cognate(['cognito-idp', command, '--generate-cli-skeleton'], dir, baseEnv(dir));
      assert.equal(skeleton.code, 0, skeleton.stderr);
      const input = SHAPES[model.input]!;
      assert.equal(input.type, 'structure');
      assert.deepEqual(Object.keys(JSON.parse(skeleton.stdout)), Object.keys((input as { members: object }).members));

      server.reset();
      const body = sample(model.input);
      const r = await cognate(
        ['cognito-idp', command, '--cli-input-json', JSON.stringify(body), '--endpoint-url', server.url, '--output', 'json'],
        dir,
        baseEnv(dir),
      );
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.ok(server.requests.length >= 1);
      const sent = server.requests[0]!;
      const header = (name: string) => sent.headers.find(([k]) => k.toLowerCase() === name)?.[1];
      assert.equal(header('x-amz-target'), `AWSCognitoIdentityProviderService.${op}`);
      assert.equal(header('content-type'), 'application/x-amz-json-1.1');
      assert.deepEqual(JSON.parse(sent.body), body);
      assert.equal(header('authorization') !== undefined, model.auth === 'sigv4');
    });
  }
});
