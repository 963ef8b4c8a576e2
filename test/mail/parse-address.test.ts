import assert from 'node:assert/strict';
import test from 'node:test';
import { formatAddresses } from '../../src/mail/format-address.js';
import { parseAddresses } from '../../src/mail/parse-address.js';

const shown = (...values: string[]) => formatAddresses(parseAddresses(values));

test('names are decoded, addresses kept, several values in order', () => {
  assert.equal(
    shown('=?utf-8?B?SsO8cmdlbg==?= <j@example.com>, plain@example.com', '"Doe, Jane" <jane@example.com>'),
    'Jürgen <j@example.com>, plain@example.com, Doe, Jane <jane@example.com>',
  );
});

test('an encoded word in the address counts only when it decodes to a plain address', () => {
  assert.deepEqual(parseAddresses(['x <=?utf-8?q?a=40b.example?=>']), [{ name: 'x', address: 'a@b.example' }]);
  // "ceo@bank.example evil@x.example": not one plain address, so none.
  assert.deepEqual(parseAddresses(['x <=?utf-8?b?Y2VvQGJhbmsuZXhhbXBsZSBldmlsQHguZXhhbXBsZQ==?=>']), [
    { name: 'x', address: '' },
  ]);
});

test('a punycode domain is shown in Unicode; groups keep their members', () => {
  assert.equal(shown('b@xn--bcher-kva.example'), 'b@bücher.example');
  assert.equal(shown('Team: a@x.example, "B" <b@x.example>;'), 'Team: a@x.example, B <b@x.example>;');
  assert.deepEqual(parseAddresses(['', '']), []);
});
