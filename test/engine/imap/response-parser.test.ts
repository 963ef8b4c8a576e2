import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LITERAL_MARK } from '../../../src/engine/imap/response-framer.js';
import { ImapProtocolError } from '../../../src/engine/imap/protocol-error.js';
import {
  parseResponse,
  ResponseCursor,
  type ImapValue,
  type ParsedResponse,
} from '../../../src/engine/imap/response-parser.js';

const M = LITERAL_MARK;
const cursor = (text: string, literals: string[] = []) =>
  new ResponseCursor({ text, literals: literals.map((l) => Buffer.from(l)) });
const isProtocolError = (e: unknown) =>
  e instanceof ImapProtocolError && e.code === 'EPROTOCOL' && /^unreadable server response/.test(e.message);

/** A parsed response without its cursor: what is left unread stands in for it. */
function parsed(text: string): unknown {
  const r: ParsedResponse = parseResponse({ text, literals: [] });
  return r.kind === 'data' ? { kind: r.kind, name: r.name, number: r.number, rest: r.cursor.rest() } : r;
}

test('parseResponse: tagged, untagged status with [codes], continuation, data', () => {
  const cases: [string, unknown][] = [
    ['M1 OK done', { kind: 'tagged', tag: 'M1', result: { status: 'OK', text: 'done' } }],
    [
      'M2 no [AUTHENTICATIONFAILED] Invalid credentials',
      {
        kind: 'tagged',
        tag: 'M2',
        result: { status: 'NO', code: 'AUTHENTICATIONFAILED', text: 'Invalid credentials' },
      },
    ],
    ['M3 BAD', { kind: 'tagged', tag: 'M3', result: { status: 'BAD', text: '' } }],
    [
      'M4 OK [READ-ONLY] EXAMINE completed',
      { kind: 'tagged', tag: 'M4', result: { status: 'OK', code: 'READ-ONLY', text: 'EXAMINE completed' } },
    ],
    [
      '* OK [UIDVALIDITY 3857529045] UIDs valid',
      { kind: 'status', result: { status: 'OK', code: 'UIDVALIDITY 3857529045', text: 'UIDs valid' } },
    ],
    [
      '* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited',
      { kind: 'status', result: { status: 'OK', code: 'PERMANENTFLAGS (\\Deleted \\Seen \\*)', text: 'Limited' } },
    ],
    [
      '* BYE [UNAVAILABLE] going down',
      { kind: 'status', result: { status: 'BYE', code: 'UNAVAILABLE', text: 'going down' } },
    ],
    [
      '* PREAUTH [CAPABILITY IMAP4rev1] welcome',
      { kind: 'status', result: { status: 'PREAUTH', code: 'CAPABILITY IMAP4rev1', text: 'welcome' } },
    ],
    ['+ Ready for literal', { kind: 'continuation', text: 'Ready for literal' }],
    ['+', { kind: 'continuation', text: '' }],
    ['* 23 EXISTS', { kind: 'data', name: 'EXISTS', number: 23, rest: '' }],
    ['* 12 fetch (UID 5)', { kind: 'data', name: 'FETCH', number: 12, rest: ' (UID 5)' }],
    ['* CAPABILITY IMAP4rev1 IDLE', { kind: 'data', name: 'CAPABILITY', number: undefined, rest: ' IMAP4rev1 IDLE' }],
    [
      '* ESEARCH (TAG "M5") UID ALL 1:3,7',
      { kind: 'data', name: 'ESEARCH', number: undefined, rest: ' (TAG "M5") UID ALL 1:3,7' },
    ],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parsed(text), expected, text);
});

test('parseResponse: malformed responses are protocol errors', () => {
  for (const text of ['', ' ', 'M1 MAYBE done', 'M1', '*', '* 5', '* OK [UNTERMINATED code', 'M1 OK [NO END']) {
    assert.throws(() => parseResponse({ text, literals: [] }), isProtocolError, JSON.stringify(text));
  }
});

test('values: quoted strings with escapes, NIL, nested lists, literals and literal8, atoms with brackets', () => {
  const cases: [string, string[], ImapValue][] = [
    ['"a \\"b\\" c\\\\d"', [], 'a "b" c\\d'],
    ['""', [], ''],
    ['"NIL"', [], 'NIL'],
    ['NIL', [], null],
    ['nil', [], null],
    ['(a (b (c NIL)) "d e" ())', [], ['a', ['b', ['c', null]], 'd e', []]],
    [`(${M} x ${M})`, ['one', ''], [Buffer.from('one'), 'x', Buffer.from('')]],
    // literal8 (RFC 3516), as imapflow reads it; a `~` elsewhere is an atom character.
    [`(~${M} ~x)`, ['bin\u0000ary'], [Buffer.from('bin\u0000ary'), '~x']],
    // Outside FETCH items brackets are atom characters: Dovecot sends mailbox names like these unquoted.
    ['Body[old (MESSAGES 0)', [], 'Body[old'],
    ['BODY[ x', [], 'BODY['],
    ['Foo[Bar (MESSAGES 0)', [], 'Foo[Bar'],
    ['Foo]Bar (MESSAGES 0)', [], 'Foo]Bar'],
    ['[Gmail]/Drafts x', [], '[Gmail]/Drafts'],
    ['X[a b]', [], 'X[a'],
    ['\\Seen)', [], '\\Seen'],
    ['8-bit\u00fc x', [], '8-bit\u00fc'],
    ['"Entwürfe"', [], 'Entwürfe'],
  ];
  for (const [text, literals, expected] of cases) assert.deepEqual(cursor(text, literals).value(), expected, text);
});

test('fetchItemName: a section is read whole, spaces and all, with its <origin>', () => {
  const cases: [string, string][] = [
    ['BODY[HEADER.FIELDS (MESSAGE-ID)] rest', 'BODY[HEADER.FIELDS (MESSAGE-ID)]'],
    ['BODY[]<0> rest', 'BODY[]<0>'],
    ['BODY[1.2.MIME](x)', 'BODY[1.2.MIME]'],
    ['body.peek[header.fields (FROM TO)]<0.100> x', 'body.peek[header.fields (FROM TO)]<0.100>'],
    ['BINARY[1] x', 'BINARY[1]'],
    ['RFC822.SIZE 5', 'RFC822.SIZE'],
  ];
  for (const [text, expected] of cases) assert.equal(cursor(text).fetchItemName(), expected, text);
  for (const text of ['BODY[HEADER', 'BODY[ (MESSAGES 0)', '', 'X-GM-LABELS[a b] 1', '\u00c9BODY[]', 'UID\r', 'a{5}']) {
    assert.throws(() => cursor(text).fetchItemName(), isProtocolError, text);
  }
});

test('flagList: atoms, NIL as a keyword, nothing else', () => {
  assert.deepEqual(cursor('(\\Seen NIL nil $Junk)').flagList(), ['\\Seen', 'NIL', 'nil', '$Junk']);
  assert.deepEqual(cursor('()').flagList(), []);
  for (const text of ['("x")', '((a))', `(${M})`, '(a', 'a'])
    assert.throws(() => cursor(text, ['l']).flagList(), isProtocolError, text);
});

test('cursor: string, number, rest', () => {
  const c = cursor(`"x" ${M} NIL 4294967295 abc`, ['lit']);
  assert.equal(c.string(), 'x');
  assert.equal(c.string(), 'lit');
  assert.equal(c.string(), null);
  c.skipSpaces();
  assert.equal(c.number(), 4294967295);
  assert.equal(c.rest(), ' abc');
  c.skipSpaces();
  assert.throws(() => c.number(), isProtocolError);
  assert.equal(cursor(`${M} x`, ['a']).rest(), '{literal} x');
  assert.throws(() => cursor('(a)').string(), isProtocolError);
});

test('values: malformed input is a protocol error, never a crash', () => {
  const cases: [string, string[]][] = [
    ['"unterminated', []],
    ['"ends in a backslash\\', []],
    ['(a (b c)', []],
    ['(', []],
    ['', []],
    [')', []],
    [`(${M} ${M})`, ['only one']],
    ['('.repeat(100_000), []],
  ];
  for (const [text, literals] of cases)
    assert.throws(() => cursor(text, literals).value(), isProtocolError, text.slice(0, 20));
});

test('values: lists nested as deep as real responses go are read', () => {
  const depth = 50;
  let expected: ImapValue = [];
  for (let i = 1; i < depth; i++) expected = [expected];
  assert.deepEqual(cursor('('.repeat(depth) + ')'.repeat(depth)).value(), expected);
  // Depth is per list, not per response: many sibling lists are fine.
  const c = cursor('(((a))) '.repeat(200));
  for (let i = 0; i < 200; i++) assert.deepEqual(c.value(), [[['a']]]);
});

test('STATUS and LIST lines with bracketed atom mailbox names, as Dovecot sends them', () => {
  for (const name of [
    'Foo[Bar',
    'Foo]Bar',
    'a[b]c',
    'Body[old',
    'BODY[',
    'body.peek[x',
    'BINARY[1',
    '[Gmail]/x',
    'BODY[]<0>',
  ]) {
    const status = parseResponse({ text: `* STATUS ${name} (MESSAGES 0 UIDNEXT 1)`, literals: [] });
    assert.equal(status.kind, 'data');
    if (status.kind !== 'data') continue;
    assert.equal(status.cursor.string(), name);
    assert.deepEqual(status.cursor.list(), ['MESSAGES', '0', 'UIDNEXT', '1']);
    const list = parseResponse({ text: `* LIST () "/" ${name}`, literals: [] });
    if (list.kind !== 'data') assert.fail(name);
    assert.deepEqual([list.cursor.list(), list.cursor.string(), list.cursor.string()], [[], '/', name]);
  }
});
