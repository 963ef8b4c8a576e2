import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageDigest } from '../../src/engine/mbox-bookkeeping.js';

const digests = (bytes: Buffer, chunk = bytes.length) => {
  const digest = new MessageDigest();
  for (let i = 0; i < bytes.length; i += chunk) digest.update(bytes.subarray(i, i + chunk));
  return digest.digest();
};

const stored = Buffer.from('From: a@x\r\nSubject: s\r\nX-UID: 3\r\n\r\nbody\r\nStatus: in the body stays\r\n');
// What GNU imap4d sends after rewriting its mbox: its bookkeeping lines (one folded) in the header.
const served = Buffer.from(
  'From: a@x\r\nSubject: s\r\nX-IMAPbase: 1796594492\r\n 1049\r\nX-UID: 3\r\nStatus: RO\r\nX-Keywords: $Junk\r\n\r\nbody\r\nStatus: in the body stays\r\n',
);

test('a message with and without its mbox bookkeeping lines: other bytes, the same second digest, however it streams in', () => {
  const a = digests(stored);
  for (const chunk of [1, 2, 7, served.length]) {
    const b = digests(served, chunk);
    assert.notEqual(b.sha256, a.sha256);
    assert.equal(b.withoutBookkeeping, a.withoutBookkeeping, `chunks of ${chunk}`);
    assert.equal(b.length, served.length);
  }
});

test('the body is compared as it is, and a message without bookkeeping has one digest', () => {
  const otherBody = Buffer.from(served.toString().replace('body', 'bodY'));
  assert.notEqual(digests(otherBody).withoutBookkeeping, digests(stored).withoutBookkeeping);
  const plain = digests(Buffer.from('From: a@x\r\n\r\nhi\r\n'), 3);
  assert.equal(plain.withoutBookkeeping, plain.sha256);
  const headOnly = digests(Buffer.from('From: a@x\nStatus: O\n'));
  assert.equal(headOnly.withoutBookkeeping, digests(Buffer.from('From: a@x\n')).sha256);
});
