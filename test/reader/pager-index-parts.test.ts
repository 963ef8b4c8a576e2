// The pager and the index read the same parts of a message as text: structures where they once
// chose differently, each compared with what mutt 2.2 shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMessageSource } from '../../src/reader/render-message.js';
import { extractMessageText } from '../../src/mail/message-text.js';

const HEAD = 'From: Ann <ann@example.org>\nTo: bob@example.org\nSubject: parts\nMIME-Version: 1.0\n';
const message = (type: string, body: string) => Buffer.from(`${HEAD}Content-Type: ${type}\n\n${body}`);

test('a multipart without a subtype is read as multipart/mixed (RFC 2046), no part of it an attachment', async () => {
  for (const type of ['multipart; boundary=b', 'multipart/; boundary=b']) {
    const raw = message(type, '--b\n\nfirst kiwi\n--b\nContent-Type: text/plain\n\nsecond weka\n--b--\n');
    const shown = await renderMessageSource(raw);
    assert.deepEqual(shown.bodyLines, ['first kiwi', 'second weka'], type);
    assert.deepEqual(shown.attachments, [], type);
    const indexed = extractMessageText(raw);
    assert.equal(indexed.body, 'first kiwi\nsecond weka', type);
    assert.equal(indexed.attachmentCount, 0, type);
  }
});

test('an HTML part of a multipart/mixed is shown as its text in its place, as the index reads it', async () => {
  const raw = message(
    'multipart/mixed; boundary=b',
    '--b\nContent-Type: text/plain\n\nbefore kea\n--b\nContent-Type: text/html\n\n<p>html <b>takahe</b></p>\n' +
      '--b\nContent-Type: text/plain\n\nafter tui\n--b--\n',
  );
  assert.deepEqual((await renderMessageSource(raw)).bodyLines, ['before kea', 'html takahe', 'after tui']);
  assert.equal(extractMessageText(raw).body, 'before kea\nhtml takahe\nafter tui');
});

const ALTERNATIVES: { parts: string[]; shown: string[]; attachments: number }[] = [
  // mutt shows the plain part; mailparser showed the text/x-foo one too, as it came first.
  { parts: ['text/x-foo\n\nfoo moa', 'text/plain\n\nplain kakapo'], shown: ['plain kakapo'], attachments: 0 },
  // mailparser listed the text/x-foo part as an attachment the index did not count.
  { parts: ['text/plain\n\nplain kakapo', 'text/x-foo\n\nfoo moa'], shown: ['plain kakapo'], attachments: 0 },
  // No plain part: all are read (mutt shows the HTML only, notmuch all); the pager dropped the HTML.
  {
    parts: ['text/x-foo\n\nfoo moa', 'text/html\n\n<p>html pukeko</p>'],
    shown: ['foo moa', 'html pukeko'],
    attachments: 0,
  },
  // A plain part blank once decoded is no text to prefer: the index read it alone, the pager the HTML.
  {
    parts: ['text/plain\nContent-Transfer-Encoding: base64\n\nIAo=', 'text/html\n\n<p>html pukeko</p>'],
    shown: ['html pukeko'],
    attachments: 0,
  },
  // A plain part that is an attachment is none to prefer either.
  {
    parts: ['text/plain\nContent-Disposition: attachment\n\nplain kakapo', 'text/html\n\n<p>html pukeko</p>'],
    shown: ['html pukeko'],
    attachments: 1,
  },
];

test('the pager and the index read the same parts of a multipart/alternative, whatever their order', async () => {
  for (const { parts, shown, attachments } of ALTERNATIVES) {
    const body = parts.map((part) => `--b\nContent-Type: ${part}\n`).join('') + '--b--\n';
    const raw = message('multipart/alternative; boundary=b', body);
    const rendered = await renderMessageSource(raw);
    const indexed = extractMessageText(raw);
    assert.deepEqual(rendered.bodyLines, shown, parts.join(' | '));
    assert.deepEqual(
      indexed.body.split('\n').filter((line) => line.trim()),
      shown,
      parts.join(' | '),
    );
    assert.equal(rendered.attachments.length, attachments, parts.join(' | '));
    assert.equal(indexed.attachmentCount, attachments, parts.join(' | '));
  }
});

test('a line that only starts with the boundary is text to the index, as to the pager and mutt', async () => {
  const raw = message(
    'multipart/mixed; boundary=b',
    '--b\nContent-Type: text/plain\n\nfirst egret\n--bogus falcon\n--b \n\ngecko\n--b--\n',
  );
  assert.deepEqual((await renderMessageSource(raw)).bodyLines, ['first egret', '--bogus falcon', 'gecko']);
  assert.equal(extractMessageText(raw).body, 'first egret\n--bogus falcon\ngecko');
});

test('an encrypted message says it has no text to show, and lists its parts to save', async () => {
  const raw = message(
    'multipart/encrypted; protocol="application/pgp-encrypted"; boundary=e',
    '--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n--e\nContent-Type: application/octet-stream; ' +
      'name="encrypted.asc"\n\n-----BEGIN PGP MESSAGE-----\nhQEMA\n-----END PGP MESSAGE-----\n--e--\n',
  );
  const shown = await renderMessageSource(raw);
  assert.deepEqual(shown.bodyLines, []);
  assert.equal(shown.notice, 'this message is encrypted (multipart/encrypted): it has no text to show');
  assert.deepEqual(
    shown.attachments.map((a) => a.type),
    ['application/pgp-encrypted', 'application/octet-stream'],
  );
  assert.equal(extractMessageText(raw).body, '');
});
