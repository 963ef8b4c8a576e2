import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeJsonStringify } from '../../src/text/safe-json.js';

test('safe JSON: DEL, C1 controls, bidi controls and line separators become \\u escapes', () => {
  const unsafe = '\u007f\u009b\u061c\u200e\u200f\u2028\u2029\u202e\u2066\u2069';
  const json = safeJsonStringify({ name: `a${unsafe}b` });
  assert.equal(json, '{"name":"a\\u007f\\u009b\\u061c\\u200e\\u200f\\u2028\\u2029\\u202e\\u2066\\u2069b"}');
  assert.doesNotMatch(json, /[\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  assert.deepEqual(JSON.parse(json), { name: `a${unsafe}b` });
});

test('safe JSON: everything else as JSON.stringify writes it', () => {
  for (const value of ['plain', 'ä 日本語 😁', '\u001b[31m\n', { a: [1, null, true] }, 42]) {
    assert.equal(safeJsonStringify(value), JSON.stringify(value));
  }
});
