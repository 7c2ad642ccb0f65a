import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_JSON_DEPTH, nestsDeeperThan, shapeDepth } from '../../src/protocol/json-depth.js';

const deeper = (json: string, limit: number) => nestsDeeperThan(Buffer.from(json), limit);

describe('the JSON nesting bound', () => {
  it('is the deepest operation input (CreateUserPool: Schema, its items, their constraints) plus a margin of 16', () => {
    assert.equal(shapeDepth('CreateUserPoolRequest'), 4);
    assert.equal(MAX_JSON_DEPTH, 20);
  });

  it('counts objects and arrays opened inside one another, not side by side', () => {
    assert.equal(deeper('{"a":[{"b":{}}]}', 4), false);
    assert.equal(deeper('{"a":[{"b":{"c":[]}}]}', 4), true);
    assert.equal(deeper('[[],[],[],[],[],[],[]]', 2), false);
  });

  it('ignores brackets inside strings, also after escaped quotes and backslashes', () => {
    assert.equal(deeper('{"a":"[[[[[[[[[[[[[[[[[["}', 2), false);
    assert.equal(deeper('{"a":"\\"[[[[[[[[[[[[[[[[[["}', 2), false);
    assert.equal(deeper('{"a":"\\\\","b":[[[[]]]]}', 4), true);
    assert.equal(deeper('{"a":"\\\\","b":[[[[]]]]}', 5), false);
  });

  it('leaves an unterminated string or bracket to JSON.parse to refuse', () => {
    assert.equal(deeper('{"a":"[[[[[[[[[[[[[[[[[[', 2), false);
    assert.equal(deeper('[[[[', 3), true);
  });
});
