import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseInternalDate,
  readFetchAttributes,
  type FetchAttributes,
} from '../../../src/engine/imap/fetch-response.js';
import { LITERAL_MARK } from '../../../src/engine/imap/response-framer.js';
import { ImapProtocolError } from '../../../src/engine/imap/protocol-error.js';
import { ResponseCursor } from '../../../src/engine/imap/response-parser.js';

const M = LITERAL_MARK;
const read = (text: string, literals: string[] = []): FetchAttributes =>
  readFetchAttributes(new ResponseCursor({ text, literals: literals.map((l) => Buffer.from(l)) }));
const sections = (a: FetchAttributes) => Object.fromEntries([...a.sections].map(([k, v]) => [k, v.toString()]));

test('FETCH attributes: UID, FLAGS, RFC822.SIZE, INTERNALDATE, MODSEQ', () => {
  const a = read(
    ' (UID 4827313 FLAGS (\\Seen $Forwarded) RFC822.SIZE 44827 INTERNALDATE "17-Jul-1996 02:44:25 -0700" MODSEQ (12121231000))',
  );
  assert.equal(a.uid, 4827313);
  assert.deepEqual(a.flags, ['\\Seen', '$Forwarded']);
  assert.equal(a.size, 44827);
  assert.equal(a.internalDate?.toISOString(), '1996-07-17T09:44:25.000Z');
  assert.equal(a.modSeq, 12121231000);
  assert.equal(a.sections.size, 0);
  assert.equal(read('(UID 4294967295)').uid, 4294967295);
  const empty = read('(FLAGS () uid 1)');
  assert.deepEqual(
    [empty.flags, empty.uid, empty.size, empty.internalDate, empty.modSeq],
    [[], 1, undefined, undefined, undefined],
  );
});

test('FETCH attributes: a keyword spelled NIL in FLAGS is a keyword', () => {
  const a = read('(UID 7 FLAGS (\\Seen NIL) RFC822.SIZE 3)');
  assert.deepEqual([a.uid, a.flags, a.size], [7, ['\\Seen', 'NIL'], 3]);
});

test('FETCH attributes: BODY sections by name, as literal, quoted string or NIL', () => {
  const a = read(
    `(UID 1 BODY[] ${M} BODY[]<0> ${M} BODY[HEADER.FIELDS (MESSAGE-ID)] "Message-ID: <a@b>" BODY[TEXT] NIL)`,
    ['full', 'part'],
  );
  assert.deepEqual(sections(a), {
    'BODY[]': 'full',
    'BODY[]<0>': 'part',
    'BODY[HEADER.FIELDS (MESSAGE-ID)]': 'Message-ID: <a@b>',
  });
  assert.equal(a.uid, 1);
  // Bytes of a literal stay bytes, not text.
  const binary = readFetchAttributes(
    new ResponseCursor({ text: `(BODY[] ${M})`, literals: [Buffer.from([0xff, 0xfe, 0x00])] }),
  );
  assert.deepEqual([...binary.sections.get('BODY[]')!], [0xff, 0xfe, 0x00]);
});

test('FETCH attributes: a header list is named one way, its field names unquoted and one space apart', () => {
  // Courier-IMAP quotes the names it was asked for unquoted; RFC 3501 makes each an astring.
  const a = read(
    `(UID 1 BODY[HEADER.FIELDS ("MESSAGE-ID")] ${M} body[1.header.fields.not ( "x-a"  Subject )]<0> ${M})`,
    ['Message-ID: <a@b>\r\n\r\n', 'S'],
  );
  assert.deepEqual(sections(a), {
    'BODY[HEADER.FIELDS (MESSAGE-ID)]': 'Message-ID: <a@b>\r\n\r\n',
    'BODY[1.HEADER.FIELDS.NOT (X-A SUBJECT)]<0>': 'S',
  });
});

test('FETCH attributes: a partial body written with the range asked for is named by its origin', () => {
  const a = read(`(UID 1 BODY[]<0.1048576> ${M} BODY[1]<2048.512> ${M})`, ['part', 'slice']);
  assert.deepEqual(sections(a), { 'BODY[]<0>': 'part', 'BODY[1]<2048>': 'slice' });
});

test('FETCH attributes: unknown attributes are read and skipped', () => {
  const a = read(
    `(X-GM-LABELS ("\\\\Inbox" work) BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3 1) ENVELOPE (NIL "s" ((NIL NIL "a" "b")) NIL) X-LIT ${M} EMAILID (M123) UID 9 X-GM-THRID 1278455344230334865)`,
    ['{junk}'],
  );
  assert.equal(a.uid, 9);
  assert.equal(a.sections.size, 0);
});

test('FETCH attributes: malformed responses are protocol errors', () => {
  for (const text of [
    'UID 1', // no (
    '(UID 1', // unterminated
    '(UID x)',
    '(UID)',
    '(UID 0)',
    '(UID 4294967296)',
    '(FLAGS (\\Seen (nested)))', // a list inside FLAGS
    '(FLAGS \\Seen)',
    '(RFC822.SIZE -1)',
    '((UID) 1)',
    '(X-UNKNOWN',
    `(BODY[] ${M})`, // literal missing
  ]) {
    assert.throws(
      () => read(text),
      (e: unknown) => e instanceof ImapProtocolError,
      text,
    );
  }
});

test('INTERNALDATE: offsets, space-padded days, malformed and impossible dates are undefined', () => {
  const cases: [string, string | undefined][] = [
    ['17-Jul-1996 02:44:25 -0700', '1996-07-17T09:44:25.000Z'],
    ['01-Jan-2024 00:30:00 +0100', '2023-12-31T23:30:00.000Z'],
    [' 1-Feb-2024 12:00:00 +0000', '2024-02-01T12:00:00.000Z'],
    ['1-feb-2024 12:00:00 +0530', '2024-02-01T06:30:00.000Z'],
    ['29-Feb-2024 23:59:59 -1200', '2024-03-01T11:59:59.000Z'],
    ['29-Feb-2023 10:00:00 +0000', undefined], // no such day
    ['31-Apr-2024 10:00:00 +0000', undefined],
    ['00-Jan-2024 10:00:00 +0000', undefined],
    ['01-Jan-2024 24:00:00 +0000', undefined],
    ['01-Jan-2024 10:60:00 +0000', undefined],
    ['01-Jan-2024 10:00:00 +0060', undefined],
    ['01-Foo-2024 10:00:00 +0000', undefined],
    ['2024-01-01T10:00:00Z', undefined],
    ['01-Jan-2024 10:00:00', undefined],
    ['', undefined],
  ];
  for (const [text, iso] of cases) assert.equal(parseInternalDate(text)?.toISOString(), iso, text);
  assert.equal(read('(INTERNALDATE "31-Feb-2020 10:00:00 +0000" UID 3)').internalDate, undefined);
  assert.equal(read('(INTERNALDATE NIL UID 3)').internalDate, undefined);
});

test('FETCH attributes: the message id of Gmail (X-GM-MSGID, 64 bits kept exact) and RFC 8474 (EMAILID)', () => {
  assert.equal(
    read('(UID 3 X-GM-MSGID 18446744073709551615 X-GM-LABELS (\\Inbox "Work"))').emailId,
    '18446744073709551615',
  );
  assert.equal(read('(UID 3 EMAILID (M6d99ac3275bb4e))').emailId, 'M6d99ac3275bb4e');
  // An id that could not be one is no id: the message is then downloaded as any other.
  assert.equal(read('(UID 3 X-GM-MSGID 12ab)').emailId, undefined);
  assert.equal(read('(UID 3 EMAILID ("../../x"))').emailId, undefined);
});
