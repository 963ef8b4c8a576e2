// How a mailbox name goes into a command: with UTF8=ACCEPT on (RFC 6855 §3) UTF-8 may be quoted,
// without it only printable ASCII; a control character is a literal either way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listedMailboxArg, mailboxArg } from '../../../src/engine/imap/command-args.js';

test('a UTF-8 name is quoted with UTF8=ACCEPT on, a literal without it', () => {
  assert.deepEqual(mailboxArg('Zürich/日本語', true), { text: '"Zürich/日本語"', literals: [] });
  assert.deepEqual(mailboxArg('Zürich'), { text: '{7}', literals: [Buffer.from('Zürich')] });
});

test('a control character makes a literal even with UTF8=ACCEPT on', () => {
  assert.deepEqual(mailboxArg('Tab\there', true), { text: '{8}', literals: [Buffer.from('Tab\there')] });
  assert.deepEqual(mailboxArg('C1\u0085', true), { text: '{4}', literals: [Buffer.from('C1\u0085')] });
});

test('a mailbox not listed is named by its path: UTF-8 with UTF8=ACCEPT, modified UTF-7 without', () => {
  const mailbox = { path: 'Salt&Pepper-Co/Zürich' };
  assert.equal(listedMailboxArg(mailbox, { utf8Accept: true }).text, '"Salt&Pepper-Co/Zürich"');
  assert.equal(listedMailboxArg(mailbox, { utf8Accept: false }).text, '"Salt&-Pepper-Co/Z&APw-rich"');
});
