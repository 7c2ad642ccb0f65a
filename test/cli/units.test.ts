/** Pure pieces of the command line, checked in-process (fast): Python-compatible JSON, shorthand, YAML, tables, JMESPath syntax, SigV4. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeMatches } from '../../src/awscli/python/argparse.js';
import { checkSyntax } from '../../src/awscli/python/jmespath-syntax.js';
import { dumpsCompact, floatRepr, loads, PyFloat, pyRepr } from '../../src/awscli/python/pyjson.js';
import { ShorthandParser } from '../../src/awscli/shorthand.js';
import { signRequest } from '../../src/awscli/sigv4.js';
import { formatTable, textLength } from '../../src/awscli/python/table.js';
import { dumpYaml } from '../../src/awscli/python/yaml.js';

describe('Python-compatible JSON', () => {
  it("reports decode errors in CPython's words and positions", () => {
    assert.throws(() => loads('[{"a":'), { message: 'Expecting value: line 1 column 7 (char 6)' });
    assert.throws(() => loads('{"a" 1}'), { message: "Expecting ':' delimiter: line 1 column 6 (char 5)" });
    assert.throws(() => loads('[1 2]'), { message: "Expecting ',' delimiter: line 1 column 4 (char 3)" });
    assert.throws(() => loads('{"a":1,}'), { message: 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)' });
    assert.throws(() => loads('"abc'), { message: 'Unterminated string starting at: line 1 column 1 (char 0)' });
    assert.throws(() => loads('[]\n x'), { message: 'Extra data: line 2 column 2 (char 4)' });
  });
  it('keeps floats as floats and dumps like json.dumps', () => {
    const v = loads('{"i": 5, "f": 5.0, "e": 1e100, "s": "t\u00e9\\n"}');
    assert.ok((v as Record<string, unknown>).f instanceof PyFloat);
    assert.equal(dumpsCompact(v), '{"i": 5, "f": 5.0, "e": 1e+100, "s": "t\\u00e9\\n"}');
    assert.equal(floatRepr(0.0001), '0.0001');
    assert.equal(floatRepr(0.00001), '1e-05');
    assert.equal(floatRepr(1e16), '1e+16');
  });
  it('prints reprs as Python does', () => {
    assert.equal(pyRepr(loads('[{"a": "it\'s"}]')), `[OrderedDict([('a', "it's")])]`);
    assert.equal(pyRepr(['x', 1, null, true]), "['x', 1, None, True]");
  });
});

describe('shorthand parser', () => {
  const p = new ShorthandParser();
  it('parses nested lists and hashes', () => {
    assert.deepEqual(p.parse('a=[b,{c=d,e=[f]}],g={h=i}'), { a: ['b', { c: 'd', e: ['f'] }], g: { h: 'i' } });
  });
  it('turns a csv value into a list and backtracks at the next key', () => {
    assert.deepEqual(p.parse('a=b,c,d=e'), { a: ['b', 'c'], d: 'e' });
  });
});

describe('YAML emitter', () => {
  it('quotes strings that would read back as other types', () => {
    assert.equal(
      dumpYaml({ a: 'true', b: '123', c: '', d: 'null', e: '2024-01-01', f: 'x: y', g: '- x', h: 'plain' }),
      "a: 'true'\nb: '123'\nc: ''\nd: 'null'\ne: '2024-01-01'\nf: 'x: y'\ng: '- x'\nh: plain\n",
    );
  });
  it('nests lists of lists', () => {
    assert.equal(dumpYaml([[1, 2], []]), '- - 1\n  - 2\n- []\n');
  });
});

describe('table', () => {
  it('counts east-asian wide and ambiguous characters as two columns', () => {
    assert.equal(textLength('山田'), 4);
    assert.equal(textLength('Zoë'), 3);
    assert.equal(textLength('é'), 2);
    assert.equal(textLength('abc'), 3);
  });
  it('prints a scalar result as a title only', () => {
    assert.equal(formatTable('GetUser', 'alice', { color: false, terminalWidth: 80 }), '---------\n|GetUser|\n+-------+\n');
    assert.equal(formatTable('GetUser', [], { color: false, terminalWidth: 80 }), '');
  });
});

describe('JMESPath syntax errors', () => {
  it('reports the token and column jmespath.py reports', () => {
    assert.throws(() => checkSyntax('foo[?a]]'), {
      message: 'Unexpected token: ]: Parse error at column 7, token "]" (RBRACKET), for expression:\n"foo[?a]]"\n        ^',
    });
    assert.throws(() => checkSyntax('a.'), {
      message:
        "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 2, token \"\" (EOF), for expression:\n\"a.\"\n   ^",
    });
    assert.throws(() => checkSyntax('`bad'), { message: 'Bad jmespath expression: Unclosed ` delimiter:\n`bad\n^' });
    assert.doesNotThrow(() => checkSyntax('Users[?Attributes[?Name==`email`]].{u: Username, n: length(Attributes)} | [0]'));
  });
});

describe('argparse helpers', () => {
  it('suggests close matches like difflib', () => {
    assert.deepEqual(closeMatches('set-user-setting', ['set-user-settings', 'admin-set-user-settings', 'get-user']), [
      'set-user-settings',
      'admin-set-user-settings',
    ]);
  });
});

describe('SigV4', () => {
  it('signs like botocore (fixed time, known signature)', () => {
    const headers = signRequest(
      [
        ['Host', '127.0.0.1:15000'],
        ['Accept-Encoding', 'identity'],
        ['X-Amz-Target', 'AWSCognitoIdentityProviderService.AdminGetUser'],
        ['Content-Type', 'application/x-amz-json-1.1'],
        ['User-Agent', 'x'],
      ],
      '/',
      Buffer.from('{"UserPoolId": "p", "Username": "u"}'),
      { accessKeyId: 'test', secretAccessKey: 'test' },
      'us-east-1',
      'cognito-idp',
      new Date(Date.UTC(2026, 10, 26, 4, 22, 33)),
    );
    // the value botocore's SigV4Auth computes for the same request and time
    assert.equal(
      Object.fromEntries(headers).Authorization,
      'AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=8e47878f5ca25c636ffd3420ee7093dd42815434d3e9214910935487680aad77',
    );
  });
});
