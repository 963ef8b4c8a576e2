import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeAddressHeader,
  decodeHeaderBlock,
  parseHeaderLines,
  SUBJECT_CHARS,
  summarizeHeaders,
  unfoldHeaderLines,
} from '../../src/mail/parse-headers.js';

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

test('a Date without a month (a bare number, a word and a number) counts as none; dates in words or digits are read', () => {
  const date = (value: string) => summarizeHeaders(parseHeaderLines([`Date: ${value}`])).date;
  for (const broken of ['0', '-1', '12', 'soon 5', '99']) assert.equal(date(broken), undefined, broken);
  assert.equal(date('Mon, 2 Jan 2023 10:00:00 +0000'), Date.UTC(2023, 0, 2, 10));
  assert.equal(date('1 Jan 99 10:00:00 +0000'), Date.UTC(1999, 0, 1, 10));
  assert.equal(date('2024-01-02T10:00:00Z'), Date.UTC(2024, 0, 2, 10));
  assert.equal(date('Tue Jan  2 10:00:00 2024 +0000'), Date.UTC(2024, 0, 2, 10));
  assert.equal(typeof date('2024/01/02'), 'number');
});

test('a Date past year 9999 counts as none (the file time stands in), a year 9999 one is kept', () => {
  const date = (value: string) => summarizeHeaders(parseHeaderLines([`Date: ${value}`])).date;
  assert.equal(date('Mon, 1 Jan 99999 00:00:00 +0000'), undefined);
  assert.equal(date('Fri, 31 Dec 9999 23:59:59 +0000'), Date.UTC(9999, 11, 31, 23, 59, 59));
  assert.equal(date('Mon, 1 Jan 2024 10:00:00 +0000'), Date.UTC(2024, 0, 1, 10));
});

test('a header block is read line by line: a Latin-1 header leaves the UTF-8 ones as they are', () => {
  const head = Buffer.concat([
    Buffer.from('From: Zoë <z@x.org>\r\nSubject: café crème\r\n', 'utf8'),
    Buffer.from('X-Mailer: Jürgen\r\n', 'latin1'),
  ]);
  const lines = unfoldHeaderLines(decodeHeaderBlock(head));
  assert.deepEqual(lines, ['From: Zoë <z@x.org>', 'Subject: café crème', 'X-Mailer: Jürgen']);
  const summary = summarizeHeaders(parseHeaderLines(lines));
  assert.deepEqual([summary.from, summary.subject], ['Zoë <z@x.org>', 'café crème']);
  assert.equal(decodeHeaderBlock(Buffer.from('Subject: all UTF-8 ✓', 'utf8')), 'Subject: all UTF-8 ✓');
});

test('raw 8-bit header bytes that are not UTF-8 are read as Windows-1252: curly quotes, dashes and € are kept', () => {
  // Outlook's raw headers: “Café” – 5 € (0x93 0x94 0x96 0x80); 0x9D is unassigned there.
  const head = Buffer.from([
    ...Buffer.from('Subject: '),
    0x93,
    ...Buffer.from('Caf'),
    0xe9,
    0x94,
    0x20,
    0x96,
    ...Buffer.from(' 5 '),
    0x80,
    0x9d,
  ]);
  const [line] = unfoldHeaderLines(decodeHeaderBlock(head));
  assert.equal(line, 'Subject: “Café” – 5 €\u009d');
  assert.equal(summarizeHeaders(parseHeaderLines([line])).subject, '“Café” – 5 €');
});

test('a subject of megabytes of encoded words: its first SUBJECT_CHARS decoded, cut between words', () => {
  const word = `=?UTF-8?B?${Buffer.from('Grüße aus Zürich').toString('base64')}?=`;
  const raw = Array.from({ length: 30_000 }, () => word).join(' ');
  const { subject } = summarizeHeaders(parseHeaderLines([`Subject: ${raw}`]));
  assert.ok(subject.startsWith('Grüße aus ZürichGrüße'), subject.slice(0, 40));
  assert.ok(subject.endsWith('Zürich …'), subject.slice(-40));
  assert.doesNotMatch(subject, /=\?/);
  assert.ok(subject.length < SUBJECT_CHARS);
  const head = Buffer.from(`Subject: ${raw.slice(0, 60_000)}\r\n\r\n`);
  const cut = summarizeHeaders(parseHeaderLines(unfoldHeaderLines(decodeHeaderBlock(head))));
  assert.equal(cut.subject, subject, 'a head read only in part gives the same subject');
});

test('a Message-ID without angle brackets is kept bracketed, as a reply names it; garbage is not', () => {
  const id = (value: string) => summarizeHeaders(parseHeaderLines([`Message-ID: ${value}`])).messageId;
  assert.equal(id('abc@example.com'), '<abc@example.com>');
  assert.equal(id('<abc@example.com>'), '<abc@example.com>');
  assert.equal(id('  abc@example.com  '), '<abc@example.com>');
  assert.equal(id(`${'x'.repeat(968)}@example.com`), `<${'x'.repeat(968)}@example.com>`);
  for (const garbage of ['', 'abc @example.com', 'a<b@example.com', `${'x'.repeat(969)}@example.com`]) {
    assert.equal(id(garbage), undefined, JSON.stringify(garbage));
  }
  const reply = summarizeHeaders(parseHeaderLines(['In-Reply-To: <abc@example.com>']));
  assert.deepEqual(reply.references, [id('abc@example.com')]);
  // A bare In-Reply-To is no reference, as for notmuch: a reply's text may follow it.
  assert.deepEqual(summarizeHeaders(parseHeaderLines(['In-Reply-To: abc@example.com'])).references, []);
});
