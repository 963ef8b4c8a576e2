import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LITERAL_MARK,
  ResponseFramer,
  type FramerLimits,
  type ResponseFrame,
} from '../../../src/engine/imap/response-framer.js';
import { ImapProtocolError } from '../../../src/engine/imap/protocol-error.js';

const roomy: FramerLimits = { maxLineBytes: 1000, maxLiteralBytes: 1000 };

/** Frames as plain data: text, and each literal as a string. */
function frame(chunks: (string | Buffer)[], limits = roomy): { text: string; literals: string[] }[] {
  const frames: ResponseFrame[] = [];
  const framer = new ResponseFramer(limits, (f) => frames.push(f));
  for (const chunk of chunks) framer.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8'));
  return frames.map((f) => ({ text: f.text, literals: f.literals.map((l) => l.toString('utf8')) }));
}

const M = LITERAL_MARK;

const cases: { name: string; wire: string; frames: { text: string; literals: string[] }[] }[] = [
  {
    name: 'plain lines',
    wire: '* OK hi\r\nM1 OK done\r\n',
    frames: [
      { text: '* OK hi', literals: [] },
      { text: 'M1 OK done', literals: [] },
    ],
  },
  {
    name: 'bare LF ends a line',
    wire: '* 1 EXISTS\nM1 OK\n',
    frames: [
      { text: '* 1 EXISTS', literals: [] },
      { text: 'M1 OK', literals: [] },
    ],
  },
  {
    name: 'a literal and the rest of its response',
    wire: '* 1 FETCH (BODY[] {5}\r\nab\r\nc UID 7)\r\n',
    frames: [{ text: `* 1 FETCH (BODY[] ${M} UID 7)`, literals: ['ab\r\nc'] }],
  },
  {
    name: '{0} literal',
    wire: '* 1 FETCH (BODY[] {0}\r\n)\r\n* 2 EXISTS\r\n',
    frames: [
      { text: `* 1 FETCH (BODY[] ${M})`, literals: [''] },
      { text: '* 2 EXISTS', literals: [] },
    ],
  },
  {
    name: 'several literals in one response',
    wire: '* LIST () "/" {3}\r\na b {2}\r\n{}\r\n',
    frames: [{ text: `* LIST () "/" ${M} ${M}`, literals: ['a b', '{}'] }],
  },
  {
    name: 'a literal holding what looks like a literal mark',
    wire: '* X {7}\r\n{2}\r\n\r\n\r\n',
    frames: [{ text: `* X ${M}`, literals: ['{2}\r\n\r\n'] }],
  },
  { name: 'literal+ form', wire: '* X {1+}\r\nz\r\n', frames: [{ text: `* X ${M}`, literals: ['z'] }] },
  {
    name: 'UTF-8 text',
    wire: '* LIST () "/" "Entwürfe"\r\n',
    frames: [{ text: '* LIST () "/" "Entwürfe"', literals: [] }],
  },
];

test('framer: lines, literals, {0}, several literals, bare LF', () => {
  for (const c of cases) assert.deepEqual(frame([c.wire]), c.frames, c.name);
});

test('framer: a response fed one byte at a time, or split at any point, gives the same frames', () => {
  for (const c of cases) {
    const bytes = Buffer.from(c.wire, 'utf8');
    assert.deepEqual(frame([...bytes].map((b) => Buffer.from([b]))), c.frames, `${c.name}, byte by byte`);
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(frame([bytes.subarray(0, cut), bytes.subarray(cut)]), c.frames, `${c.name}, cut at ${cut}`);
    }
  }
});

test('framer: a literal spanning many chunks arrives whole', () => {
  const body = Buffer.alloc(300, 'x');
  const wire = Buffer.concat([Buffer.from(`* 1 FETCH (BODY[] {${body.length}}\r\n`), body, Buffer.from(')\r\n')]);
  const chunks = [];
  for (let at = 0; at < wire.length; at += 7) chunks.push(wire.subarray(at, at + 7));
  assert.deepEqual(frame(chunks), [{ text: `* 1 FETCH (BODY[] ${M})`, literals: [body.toString()] }]);
});

test('framer: keeps nothing of a pushed chunk (the socket reuses its read buffer)', () => {
  const wire = '* 1 FETCH (BODY[] {12}\r\nhello\r\nworld UID 7)\r\n* 2 FETCH (BODY[] {3}\r\nabc)\r\n* OK partial li';
  for (let size = 1; size <= wire.length; size += 1) {
    const frames: ResponseFrame[] = [];
    const framer = new ResponseFramer(roomy, (f) => frames.push(f));
    const reused = Buffer.alloc(size);
    for (let at = 0; at < wire.length; at += size) {
      const length = reused.write(wire.slice(at, at + size), 'latin1');
      framer.push(reused.subarray(0, length));
      reused.fill('#');
    }
    framer.push(Buffer.from('ne\r\n'));
    const seen = frames.map((f) => ({ text: f.text, literals: f.literals.map((l) => l.toString('latin1')) }));
    assert.deepEqual(
      seen,
      [
        { text: `* 1 FETCH (BODY[] ${M} UID 7)`, literals: ['hello\r\nworld'] },
        { text: `* 2 FETCH (BODY[] ${M})`, literals: ['abc'] },
        { text: '* OK partial line', literals: [] },
      ],
      `chunks of ${size}`,
    );
  }
});

test('framer: a NUL from the server cannot forge a literal mark', () => {
  const [f] = frame(['* OK a\u0000b {1}\r\nx\r\n']);
  assert.equal(f!.text, `* OK a\uFFFDb ${M}`);
  assert.equal(f!.text.split(M).length - 1, f!.literals.length);
});

test('framer: limits on lines and literals raise ImapProtocolError', () => {
  const limits: FramerLimits = { maxLineBytes: 40, maxLiteralBytes: 10 };
  const over: [string, (string | Buffer)[], RegExp][] = [
    ['line over the limit', ['* OK ' + 'a'.repeat(50) + '\r\n'], /longer than 40 bytes/],
    ['line over the limit without a newline yet', ['* OK ' + 'a'.repeat(50)], /longer than 40 bytes/],
    [
      'line over the limit across chunks',
      ['* OK aaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaa', 'aaaa\r\n'],
      /longer than 40 bytes/,
    ],
    ['literal over the limit', ['* X {11}\r\n'], /11-byte literal \(limit 10 bytes per response\)/],
    ['literal size too long to be a number', ['* X {' + '9'.repeat(15) + '}\r\n'], /literal/],
    [
      'a response growing without end through small literals',
      [Array(20).fill('* X {0}\r\n ').join('')],
      /longer than|literal/,
    ],
    ['literals adding up beyond the limit', ['* X {6}\r\n123456 {6}\r\n123456)\r\n'], /literal/],
  ];
  for (const [name, chunks, message] of over) {
    assert.throws(
      () => frame(chunks, limits),
      (e: Error) => e instanceof ImapProtocolError && e.code === 'EPROTOCOL' && message.test(e.message),
      name,
    );
  }
  // At the limits exactly: accepted.
  assert.deepEqual(frame(['* OK ' + 'a'.repeat(33) + '\r\n', '* X {10}\r\n0123456789\r\n'], limits), [
    { text: '* OK ' + 'a'.repeat(33), literals: [] },
    { text: `* X ${M}`, literals: ['0123456789'] },
  ]);
});
