import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errnoWords } from '../../src/text/errno-words.js';

test('an error code in words, the code beside them; one without words alone; none at all said so', () => {
  assert.equal(errnoWords('EROFS'), 'read-only file system (EROFS)');
  assert.equal(errnoWords('EACCES'), 'permission denied (EACCES)');
  assert.equal(errnoWords('EWHATEVER'), '(EWHATEVER)');
  assert.equal(errnoWords(undefined), 'unknown error');
});
