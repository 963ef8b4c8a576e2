// The fault proxy's rewrites of a message body FETCH response: a body broken the ways hostile
// servers break it, and a partial body's range written back as asked.
import { replaceLiteral, type ImapUnit } from './imap-stream.js';

export type FetchFault =
  | { kind: 'nil-body' }
  /** The literal carries more bytes than its `{N}` announces. */
  | { kind: 'bigger-literal'; extra?: number }
  /** The FETCH response has no UID item. */
  | { kind: 'no-uid' }
  /** An honest literal of `bytes` bytes (bigger than RFC822.SIZE said). */
  | { kind: 'oversized-literal'; bytes: number };

const BODY_LITERAL = /BODY\[\](<\d+>)? \{\d+\+?\}\r\n$/i;

/** The index of the unit's message body literal, or -1. */
export function bodyLiteralIndex(unit: ImapUnit): number {
  return unit.segments.findIndex(
    (s, i) => s.kind === 'literal' && BODY_LITERAL.test(unit.segments[i - 1]!.data.toString('latin1')),
  );
}

export function breakFetch(unit: ImapUnit, fault: FetchFault): void {
  const index = bodyLiteralIndex(unit);
  const body = unit.segments[index]!.data;
  switch (fault.kind) {
    case 'nil-body': {
      const before = unit.segments[index - 1]!.data.toString('latin1').replace(/\{\d+\+?\}\r\n$/, 'NIL');
      const after = unit.segments[index + 1]?.data.toString('latin1') ?? '\r\n';
      unit.segments.splice(index - 1, 3, { kind: 'line', data: Buffer.from(before + after, 'latin1') });
      break;
    }
    case 'bigger-literal':
      unit.segments[index] = { kind: 'literal', data: Buffer.concat([body, Buffer.alloc(fault.extra ?? 64, 'X')]) };
      break;
    case 'no-uid':
      for (const s of unit.segments) {
        if (s.kind === 'line')
          s.data = Buffer.from(
            s.data
              .toString('latin1')
              .replace(/\bUID \d+ ?/i, '')
              .replace(/ \)/, ')'),
            'latin1',
          );
      }
      break;
    case 'oversized-literal':
      replaceLiteral(unit, index, Buffer.concat([body, Buffer.alloc(Math.max(0, fault.bytes - body.length), 'x')]));
      break;
  }
}

/** `BODY[]<start> {n}` → `BODY[]<start.length>`, the length of the range a command in flight asked for at `start`. */
export function echoPartial(unit: ImapUnit, commands: readonly string[]): void {
  const index = bodyLiteralIndex(unit);
  const before = unit.segments[index - 1]!;
  const text = before.data.toString('latin1').replace(/BODY\[\]<(\d+)>(?= \{)/i, (whole, start: string) => {
    const asked = commands.map((c) => new RegExp(`BODY\\.PEEK\\[\\]<${start}\\.(\\d+)>`, 'i').exec(c)).find(Boolean);
    return asked ? `BODY[]<${start}.${asked[1]}>` : whole;
  });
  before.data = Buffer.from(text, 'latin1');
}
