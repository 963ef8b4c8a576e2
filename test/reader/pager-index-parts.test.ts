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

const digested = (n: number, who: string, word: string) =>
  `Date: Mon, ${n} Jun 2025 10:00:00 +0000\nFrom: ${who} <${who.toLowerCase()}@example.org>\nTo: list@example.org\n` +
  `Subject: [List] topic ${n}\nMessage-ID: <${n}@example.org>\n\n${word} says hello\n`;

/** A mailman-style MIME digest: masthead, a multipart/digest of three messages, footer. */
const DIGEST = message(
  'multipart/mixed; boundary="==1=="',
  '--==1==\nContent-Type: text/plain\nContent-Description: List Digest, Vol 1, Issue 2\n\nSend List submissions\n' +
    '--==1==\nContent-Type: multipart/digest; boundary="==2=="\nMIME-Version: 1.0\n\n' +
    `--==2==\n\n${digested(1, 'Ann', 'aardvark')}` +
    `--==2==\nContent-Description: second\n\n${digested(2, 'Bob', 'badger')}` +
    `--==2==\nContent-Type: text/plain\n\ntyped text kiwi\n--==2==\n\n${digested(3, 'Cat', 'cobra')}--==2==--\n` +
    '--==1==\nContent-Type: text/plain\nContent-Description: Digest Footer\n\nList mailing list\n--==1==--\n',
);

test("a digest's parts without a type are attached messages (RFC 2046 5.1.5), a typed one keeps its type", async () => {
  const shown = await renderMessageSource(DIGEST);
  const block = (n: number, who: string, word: string) => [
    `[-- attachment ${n}: attachment-${n} --]`,
    `From: ${who} <${who.toLowerCase()}@example.org>`,
    'To: list@example.org',
    `Date: Mon, ${n} Jun 2025 10:00:00 +0000`,
    `Subject: [List] topic ${n}`,
    '',
    `${word} says hello`,
    '',
  ];
  assert.deepEqual(shown.bodyLines, [
    'Send List submissions',
    '',
    ...block(1, 'Ann', 'aardvark'),
    ...block(2, 'Bob', 'badger'),
    'typed text kiwi',
    '',
    ...block(3, 'Cat', 'cobra'),
    'List mailing list',
  ]);
  assert.deepEqual(
    shown.attachments.map((a) => a.type),
    ['message/rfc822', 'message/rfc822', 'message/rfc822'],
  );
  const indexed = extractMessageText(DIGEST);
  const read = (who: string, n: number, word: string) =>
    `${who} <${who.toLowerCase()}@example.org>\nlist@example.org\n[List] topic ${n}\n${word} says hello`;
  assert.equal(
    indexed.body,
    [
      'Send List submissions',
      read('Ann', 1, 'aardvark'),
      read('Bob', 2, 'badger'),
      'typed text kiwi',
      read('Cat', 3, 'cobra'),
      'List mailing list',
    ].join('\n'),
  );
  assert.equal(indexed.attachmentCount, 3);
});
