import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wrapLines } from '../../src/text/wrap-lines.js';

test('wrapLines cuts long lines into rows of the width', () => {
  assert.deepEqual(wrapLines(['abcdefg', '', 'xy'], 3), ['abc', 'def', 'g', '', 'xy']);
  assert.equal(wrapLines(['x'.repeat(20_000)], 80).length, 250);
});

test('wrapLines counts terminal cells: wide characters take two, combining marks none', () => {
  assert.deepEqual(wrapLines(['日本語のメール'], 6), ['日本語', 'のメー', 'ル']);
  assert.deepEqual(wrapLines(['ab日本'], 3), ['ab', '日', '本']);
  assert.deepEqual(wrapLines(['🙂🙂🙂'], 2), ['🙂', '🙂', '🙂']);
  assert.deepEqual(wrapLines(['e\u0301e\u0301e\u0301'], 2), ['e\u0301e\u0301', 'e\u0301']);
  // A wide character never fits a 1-cell row: it gets a row of its own rather than looping.
  assert.deepEqual(wrapLines(['日本'], 1), ['日', '本']);
});

test('wrapLines keeps clusters whole and counts an emoji with a selector two cells', () => {
  assert.deepEqual(wrapLines(['❤️❤️❤️'], 4), ['❤️❤️', '❤️']);
  assert.deepEqual(wrapLines(['ab🇩🇪🇯🇵'], 3), ['ab', '🇩🇪', '🇯🇵']);
  assert.deepEqual(wrapLines(['a👨‍👩‍👧‍👦'], 4), ['a', '👨‍👩‍👧‍👦']);
});
