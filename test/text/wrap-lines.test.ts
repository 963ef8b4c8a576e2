import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wrapLines } from '../../src/text/wrap-lines.js';

test('wrapLines cuts long lines into rows of the width, counting code points', () => {
  assert.deepEqual(wrapLines(['abcdefg', '', 'xy'], 3), ['abc', 'def', 'g', '', 'xy']);
  assert.deepEqual(wrapLines(['🙂🙂🙂'], 2), ['🙂🙂', '🙂']);
  assert.equal(wrapLines(['x'.repeat(20_000)], 80).length, 250);
});
