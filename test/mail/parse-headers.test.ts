import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHeaderLines, summarizeHeaders } from '../../src/mail/parse-headers.js';

test('a terminal escape in From or Subject leaves no trace of its sequence', () => {
  const hostile = 'Evil \x1b]0;pwned\x07\x1b[2Jevil';
  const summary = summarizeHeaders(parseHeaderLines([`From: ${hostile} <e@x.org>`, `Subject: ${hostile}`]));
  assert.equal(summary.subject, 'Evil evil');
  assert.equal(summary.from, 'Evil evil <e@x.org>');
});
