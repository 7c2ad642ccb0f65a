import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvHeader, parseCsv } from '../../src/domain/imports.js';
import { buildSchema } from '../../src/domain/schema.js';
import type { PoolRecord } from '../../src/store/store.js';

describe('parseCsv (RFC 4180, as the import reads an uploaded file)', () => {
  it('splits rows on LF and CRLF and fields on commas, keeping empty fields', () => {
    assert.deepEqual(parseCsv('a,b,c\r\n1,,3\n'), [
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    assert.deepEqual(parseCsv('"Ann, ""A""","line\none"\n'), [['Ann, "A"', 'line\none']]);
  });

  it('reads a last row without a line break, drops blank lines and a byte-order mark', () => {
    assert.deepEqual(parseCsv('\ufeffa,b\n\n1,2'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps a row of one quoted empty field', () => {
    assert.deepEqual(parseCsv('""\n'), [['']]);
  });

  it('refuses a quote left open, text after a closing quote and a quote inside a bare field', () => {
    assert.equal(parseCsv('a,"b\n'), null);
    assert.equal(parseCsv('"a"b,c\n'), null);
    assert.equal(parseCsv('a"b,c\n'), null);
  });
});

describe('csvHeader', () => {
  it('lists standard attributes without sub and identities, custom ones after them, then the two cognito columns', () => {
    const schema = buildSchema([{ Name: 'tier', AttributeDataType: 'String', Mutable: true }]);
    const pool = { id: 'us-east-1_x', settings: { SchemaAttributes: schema } } as unknown as PoolRecord;
    const header = csvHeader(pool);
    assert.deepEqual(header.slice(0, 2), ['name', 'given_name']);
    assert.deepEqual(header.slice(-3), ['custom:tier', 'cognito:mfa_enabled', 'cognito:username']);
    assert.ok(!header.includes('sub') && !header.includes('identities'));
    assert.equal(header.indexOf('email_verified'), header.indexOf('email') + 1);
  });
});
