import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeAddressHeader, parseHeaderLines, summarizeHeaders } from '../../src/mail/parse-headers.js';

test('a terminal escape in From or Subject leaves no trace of its sequence', () => {
  const hostile = 'Evil \x1b]0;pwned\x07\x1b[2Jevil';
  const summary = summarizeHeaders(parseHeaderLines([`From: ${hostile} <e@x.org>`, `Subject: ${hostile}`]));
  assert.equal(summary.subject, 'Evil evil');
  assert.equal(summary.from, 'Evil evil <e@x.org>');
});

test('address headers decode the same the first time, when seen again, and after many others', () => {
  const from = (i: number) =>
    decodeAddressHeader([`=?UTF-8?B?${Buffer.from(`Zoë ${i}`).toString('base64')}?= <z${i}@x.org>`]);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 5000; i += 1) assert.equal(from(i), `Zoë ${i} <z${i}@x.org>`);
  }
  assert.equal(decodeAddressHeader(['a@x.org', 'b@x.org']), 'a@x.org, b@x.org');
  assert.equal(decodeAddressHeader(['a@x.org']), 'a@x.org');
});
