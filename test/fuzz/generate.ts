// Server responses for the differential fuzzer: generated from the shapes real servers send
// (status lines with codes, FETCH with literals and nested lists, LIST/STATUS with odd names),
// then mutated the ways broken or hostile servers break them. Seeded, so a case can be replayed.
import { prng } from '../support/prng.js';

/** Seeded (the corpus's mulberry32), so a case can be replayed from its seed. */
export const random = prng;

export type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)]!;

const FLAGS = [
  '\\Seen',
  '\\Answered',
  '\\Flagged',
  '\\Deleted',
  '\\Draft',
  '$Forwarded',
  'NIL',
  'Junk',
  '$MDNSent',
  '\\*',
];
const NAMES = ['INBOX', 'Sent', 'Body[old', 'BODY[', 'Foo]Bar', 'a[b]c', 'Archive/2024', 'x'];
const QUOTED_NAMES = ['[Gmail]/All Mail', 'Work & Play', 'with "quotes"', 'back\\slash', 'Entw&APw-rfe', ''];
const CODES = [
  'ALERT',
  'UIDVALIDITY 3857529045',
  'UIDNEXT 42',
  'PERMANENTFLAGS (\\Seen \\*)',
  'READ-ONLY',
  'CLOSED',
  'HIGHESTMODSEQ 715194045007',
  'CAPABILITY IMAP4rev1 IDLE',
  'UNAVAILABLE',
  'AUTHENTICATIONFAILED',
  'NOMODSEQ',
];
const TEXTS = [
  'done',
  'Please log in via your web browser',
  'EXAMINE completed (0.001 + 0.000 secs).',
  '',
  'ünïcode text',
];

function bytes(rng: Rng, n: number): Buffer {
  const out = Buffer.alloc(n);
  const mode = int(rng, 3);
  for (let i = 0; i < n; i++)
    out[i] =
      mode === 0 ? 0x20 + int(rng, 95) : mode === 1 ? int(rng, 256) : pick(rng, [13, 10, 0x41, 0x28, 0x7b, 0x22]);
  return out;
}

function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}

function literal(body: Buffer): Buffer[] {
  return [Buffer.from(`{${body.length}}\r\n`), body];
}

/** A name as a server may write it: atom, quoted string, or literal. */
function mailboxName(rng: Rng): Buffer[] {
  const form = int(rng, 3);
  if (form === 0) return [Buffer.from(pick(rng, NAMES))];
  if (form === 1) return [Buffer.from(quoted(pick(rng, QUOTED_NAMES)))];
  return literal(Buffer.from(pick(rng, ['Zürich', 'Entwürfe', '日本語', 'a\r\nb', 'Body[x'])));
}

/** Lists nested `depth` deep, a few values beside each level (linear in depth, like BODYSTRUCTURE). */
function nested(rng: Rng, depth: number): string {
  const value = () => pick(rng, ['NIL', '"text"', '1', 'ATOM', '("a" "b")', '"UTF-8"']);
  let out = '';
  for (let i = 0; i < depth; i++) out += `(${rng() < 0.5 ? `${value()} ` : ''}`;
  for (let i = 0; i < depth; i++) out += `${rng() < 0.5 ? ` ${value()}` : ''})`;
  return out;
}

function fetchItems(rng: Rng): Buffer[] {
  const items: Buffer[][] = [];
  const add = (text: string) => items.push([Buffer.from(text)]);
  if (rng() < 0.9) add(`UID ${pick(rng, [1, 7, 4294967295, 0, 123456])}`);
  if (rng() < 0.7) add(`FLAGS (${Array.from({ length: int(rng, 4) }, () => pick(rng, FLAGS)).join(' ')})`);
  if (rng() < 0.6) add(`RFC822.SIZE ${int(rng, 100_000)}`);
  if (rng() < 0.3) add('INTERNALDATE "17-Jul-1996 02:44:25 -0700"');
  if (rng() < 0.3) add(`MODSEQ (${int(rng, 1e9)})`);
  if (rng() < 0.2) add(`BODYSTRUCTURE ${nested(rng, 1 + int(rng, 6))}`);
  if (rng() < 0.2) add(`X-GM-LABELS (${pick(rng, ['"\\\\Important"', '\\Inbox', 'NIL', '"a b"'])})`);
  if (rng() < 0.6) {
    const section = pick(rng, ['BODY[]', 'BODY[]<0>', 'BODY[HEADER.FIELDS (MESSAGE-ID)]', 'BODY[TEXT]', 'BINARY[1]']);
    const value = int(rng, 4);
    const body = bytes(rng, int(rng, 300));
    if (value === 0) items.push([Buffer.from(`${section} `), ...literal(body)]);
    else if (value === 1)
      items.push([Buffer.from(`${section} ${quoted(body.toString('latin1').replace(/[\r\n]/g, ' '))}`)]);
    else if (value === 2) add(`${section} NIL`);
    else items.push([Buffer.from(`${section} `), ...literal(Buffer.alloc(0))]);
  }
  for (let i = items.length - 1; i > 0; i--) {
    const j = int(rng, i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  const out: Buffer[] = [];
  items.forEach((item, i) => out.push(...(i > 0 ? [Buffer.from(' ')] : []), ...item));
  return out;
}

/** One well-formed response (ending in CRLF). */
export function response(rng: Rng): Buffer {
  const kind = int(rng, 9);
  const parts: Buffer[] = [];
  const code = () => (rng() < 0.6 ? `[${pick(rng, CODES)}] ` : '');
  switch (kind) {
    case 0:
      parts.push(Buffer.from(`M${1 + int(rng, 99)} ${pick(rng, ['OK', 'NO', 'BAD'])} ${code()}${pick(rng, TEXTS)}`));
      break;
    case 1:
      parts.push(Buffer.from(`* ${pick(rng, ['OK', 'NO', 'BAD', 'BYE', 'PREAUTH'])} ${code()}${pick(rng, TEXTS)}`));
      break;
    case 2:
      parts.push(Buffer.from(`+ ${pick(rng, ['', 'Ready', 'eyJzdGF0dXMiOiI0MDEifQ==', 'VXNlcm5hbWU6'])}`));
      break;
    case 3:
    case 4:
      parts.push(Buffer.from(`* ${1 + int(rng, 5000)} FETCH (`), ...fetchItems(rng), Buffer.from(')'));
      break;
    case 5: {
      const flags = Array.from({ length: int(rng, 3) }, () =>
        pick(rng, ['\\HasNoChildren', '\\Noselect', '\\Sent', '\\All']),
      ).join(' ');
      parts.push(Buffer.from(`* LIST (${flags}) ${pick(rng, ['"/"', '"."', 'NIL'])} `), ...mailboxName(rng));
      break;
    }
    case 6:
      parts.push(
        Buffer.from('* STATUS '),
        ...mailboxName(rng),
        Buffer.from(` (MESSAGES ${int(rng, 1e6)} UIDNEXT ${int(rng, 1e6)} UIDVALIDITY ${1 + int(rng, 1e9)})`),
      );
      break;
    case 7:
      parts.push(
        Buffer.from(
          pick(rng, [
            '* 23 EXISTS',
            '* 3 EXPUNGE',
            '* VANISHED (EARLIER) 1:3,7',
            '* SEARCH 2 5 9',
            '* ESEARCH (TAG "M5") UID ALL 1:3,7',
            '* CAPABILITY IMAP4rev1 IDLE COMPRESS=DEFLATE',
            '* ENABLED QRESYNC',
            '* ID ("name" "Dovecot")',
            '* FLAGS (\\Seen NIL)',
          ]),
        ),
      );
      break;
    default:
      parts.push(
        Buffer.from(
          `* ${1 + int(rng, 9)} FETCH (UID ${1 + int(rng, 9)} BODYSTRUCTURE ${nested(rng, 20 + int(rng, 120))})`,
        ),
      );
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

export type Mutation =
  | 'none'
  | 'flip'
  | 'insert-special'
  | 'delete'
  | 'lying-literal'
  | 'deep-nesting'
  | 'eight-bit'
  | 'bare-cr'
  | 'bare-lf'
  | 'huge-line'
  | 'truncate'
  | 'duplicate-span';
export const MUTATIONS: readonly Mutation[] = [
  'none',
  'flip',
  'insert-special',
  'delete',
  'lying-literal',
  'deep-nesting',
  'eight-bit',
  'bare-cr',
  'bare-lf',
  'huge-line',
  'truncate',
  'duplicate-span',
];

function splice(data: Buffer, at: number, remove: number, insert: Buffer): Buffer {
  return Buffer.concat([data.subarray(0, at), insert, data.subarray(at + remove)]);
}

export function mutate(rng: Rng, data: Buffer, mutation: Mutation, hugeLine: number): Buffer {
  const at = int(rng, data.length + 1);
  switch (mutation) {
    case 'none':
      return data;
    case 'flip':
      return at < data.length ? splice(data, at, 1, Buffer.from([data[at]! ^ (1 << int(rng, 8))])) : data;
    case 'insert-special':
      return splice(
        data,
        at,
        0,
        Buffer.from(pick(rng, ['(', ')', '"', '\\', '{', '}', '[', ']', ' ', '\0', '{5}', '{5}\r\n', '<', '*'])),
      );
    case 'delete':
      return splice(data, at, 1 + int(rng, 4), Buffer.alloc(0));
    case 'lying-literal': {
      const text = data.toString('latin1');
      const m = /\{(\d+)\}\r\n/.exec(text.slice(at)) ?? /\{(\d+)\}\r\n/.exec(text);
      if (m === null) return data;
      const start = text.indexOf(m[0], m.index);
      const n = Number(m[1]);
      const lie = pick(rng, [n + 1, Math.max(0, n - 1), n + 50, 0, 99999999999, n * 2 + 3]);
      return splice(data, start, m[0].length, Buffer.from(`{${lie}}\r\n`));
    }
    case 'deep-nesting': {
      const depth = pick(rng, [50, 99, 100, 101, 1000, 20_000]);
      return splice(
        data,
        at,
        0,
        Buffer.from(`${'('.repeat(depth)}${')'.repeat(int(rng, 2) === 0 ? depth : int(rng, depth))}`),
      );
    }
    case 'eight-bit':
      return splice(data, at, 0, Buffer.from(Array.from({ length: 1 + int(rng, 8) }, () => 0x80 + int(rng, 128))));
    case 'bare-cr':
      return splice(data, at, 0, Buffer.from('\r'));
    case 'bare-lf':
      return splice(data, at, 0, Buffer.from('\n'));
    case 'huge-line':
      return splice(data, at, 0, Buffer.alloc(hugeLine + int(rng, 3) - 1, pick(rng, ['a', ' ', '('])));
    case 'truncate':
      return data.subarray(0, at);
    case 'duplicate-span':
      return splice(data, at, 0, data.subarray(at, at + int(rng, 40)));
  }
}

/** Cuts `data` into chunks: whole, at every byte, or at random places. */
export function chunk(rng: Rng, data: Buffer): Buffer[] {
  const mode = int(rng, 4);
  if (mode === 0 || data.length === 0) return [data];
  if (mode === 1 && data.length <= 4096) return [...data].map((b) => Buffer.from([b]));
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length;) {
    const size = 1 + int(rng, mode === 2 ? 16 : 2048);
    chunks.push(data.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
