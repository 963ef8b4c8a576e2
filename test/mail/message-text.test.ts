// Hostile shapes of a message's body: each costs at most the part it is in, never the message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HTML_MAX_DEPTH } from '../../src/mail/html-text.js';
import { extractMessageText, TEXT_LIMITS } from '../../src/mail/message-text.js';

const message = (headers: string, body: string) => Buffer.from(`From: a@example.org\r\n${headers}\r\n\r\n${body}`);
const nested = (depth: number, inner: string) => `${'<div>'.repeat(depth)}${inner}${'</div>'.repeat(depth)}`;

test('HTML nested far deeper than mail does keeps its headers and its shallow text', () => {
  const html = `<p>shallow words</p>${nested(100_000, 'buried')}`;
  const text = extractMessageText(message('Subject: deep html\r\nContent-Type: text/html', html));
  assert.equal(text.subject, 'deep html');
  assert.match(text.body, /shallow words/);
  assert.doesNotMatch(text.body, /buried/);
});

test('HTML nested as deep as the limit allows is read whole', () => {
  const html = nested(HTML_MAX_DEPTH - 5, 'found');
  assert.match(extractMessageText(message('Content-Type: text/html', html)).body, /found/);
});

test('multipart nested past the limit keeps the headers; parts past the limit are not read', () => {
  const open = Array.from(
    { length: 1000 },
    (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`,
  ).join('');
  const deep = extractMessageText(message(`Subject: deep mime\r\n${open}Content-Type: text/plain`, 'inner'));
  assert.equal(deep.subject, 'deep mime');
  const part = (i: number) => `--B\r\nContent-Type: text/plain\r\n\r\npart${i}\r\n`;
  const many = Array.from({ length: 5000 }, (_, i) => part(i)).join('');
  const text = extractMessageText(message('Content-Type: multipart/mixed; boundary="B"', `${many}--B--\r\n`));
  assert.match(text.body, /part0\b/);
  assert.doesNotMatch(text.body, new RegExp(`part${TEXT_LIMITS.maxParts + 1}\\b`));
});

test('a multipart whose boundary never comes is read as text, as one without a boundary is', () => {
  const never = extractMessageText(message('Content-Type: multipart/mixed; boundary="B"', 'only words here\r\n'));
  assert.match(never.body, /only words here/);
  const none = extractMessageText(message('Content-Type: multipart/mixed', '--x\r\n\r\nno boundary words\r\n'));
  assert.match(none.body, /no boundary words/);
});

test('a message whose lines end in CR alone has its headers and body read apart', () => {
  const text = extractMessageText(
    Buffer.from(
      'From: Ann <ann@x.org>\rSubject: lines end in CR\rDate: Mon, 1 Jan 2024 10:00:00 +0000\r\rline one\rline two\r',
    ),
  );
  assert.deepEqual(
    [text.from, text.subject, text.body],
    ['Ann <ann@x.org>', 'lines end in CR', 'line one\nline two\n'],
  );
});

test('a UTF-8 Subject stays UTF-8 when another header of the message is in Latin-1', () => {
  const raw = Buffer.concat([
    Buffer.from('From: Zoë <z@example.org>\r\nSubject: café crème\r\n', 'utf8'),
    Buffer.from('X-Mailer: Jürgen\r\n\r\nbody\r\n', 'latin1'),
  ]);
  const text = extractMessageText(raw);
  assert.deepEqual([text.from, text.subject], ['Zoë <z@example.org>', 'café crème']);
});

test('bodies in the charsets mail uses are indexed as the pager reads them', () => {
  const body = (charset: string, bytes: Buffer) =>
    extractMessageText(Buffer.concat([message(`Content-Type: text/plain; charset=${charset}`, ''), bytes])).body.trim();
  // Outlook's smart quotes, euro and dash: windows-1252 bytes labelled ISO-8859-1.
  assert.equal(body('iso-8859-1', Buffer.from([0x93, 0x68, 0x69, 0x94, 0x20, 0x80, 0x20, 0x96])), '“hi” € –');
  // cp949's extended Hangul under its Outlook name.
  assert.equal(body('ks_c_5601-1987', Buffer.from([0x8c, 0x63])), '똠');
  assert.equal(body('win-1251', Buffer.from([0xcf, 0xf0, 0xe8])), 'При');
  assert.equal(body('cp850', Buffer.from([0x63, 0x61, 0x66, 0x82])), 'café');
  assert.equal(body('x-unknown', Buffer.from('caf\xe9', 'latin1')), 'café');
  // GB18030's 4-byte characters under the older labels, as browsers read them.
  assert.equal(body('gb2312', Buffer.from([0xc4, 0xe3, 0x95, 0x32, 0x82, 0x36])), '你𠀀');
});

test('UTF-7 bodies and encoded words are decoded, by any of its names, as mutt decodes them', () => {
  const text = extractMessageText(
    message(
      'Subject: =?utf-7?Q?Hi_+AGEAYgBj-?=\r\nTo: =?UNICODE-1-1-UTF-7?B?Wm8rQU9zLQ==?= <z@example.org>\r\nContent-Type: text/plain; charset=utf-7',
      'Hi +AGEAYgBj- caf+AOk- 1+-1\r\n',
    ),
  );
  assert.deepEqual([text.subject, text.to, text.body.trim()], ['Hi abc', 'Zoë <z@example.org>', 'Hi abc café 1+1']);
});
