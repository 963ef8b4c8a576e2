import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayWidth, padEndToWidth } from '../../src/text/display-width.js';

test('wide characters take two cells, combining marks none', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('李雷'), 4);
  assert.equal(displayWidth('Zoë Ångström'), 12);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth('한국어'), 6);
});

test('padding counts cells, not code units', () => {
  assert.equal(padEndToWidth('李雷', 6), '李雷  ');
  assert.equal(padEndToWidth('Bob', 6), 'Bob   ');
  assert.equal(padEndToWidth('too long', 3), 'too long');
});
