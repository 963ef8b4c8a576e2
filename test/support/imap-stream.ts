// Splits one direction of an IMAP stream into whole units (a response or a command): lines that
// end in a literal marker `{N}` / `{N+}` are followed by N raw bytes and continue the same unit.
// Pure (no sockets), so the fault proxy can look at and rewrite complete responses.

export type Segment = { kind: 'line'; data: Buffer } | { kind: 'literal'; data: Buffer };

export interface ImapUnit {
  /** Lines (each with its CRLF, the literal marker included) and the literals between them. */
  segments: Segment[];
}

const LITERAL_MARKER = /\{(\d+)(\+?)\}\r\n$/;

export class ImapUnitReader {
  private buffer: Buffer = Buffer.alloc(0);
  private segments: Segment[] = [];
  private literalLeft = -1;

  /** Feed bytes; returns every unit completed by them. `onSyncLiteral` runs at each `{N}` (the sender waits for `+`). */
  push(chunk: Buffer, onSyncLiteral?: () => void): ImapUnit[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const done: ImapUnit[] = [];
    for (;;) {
      if (this.literalLeft >= 0) {
        if (this.buffer.length < this.literalLeft) return done;
        this.segments.push({ kind: 'literal', data: this.buffer.subarray(0, this.literalLeft) });
        this.buffer = this.buffer.subarray(this.literalLeft);
        this.literalLeft = -1;
        continue;
      }
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) return done;
      const line = this.buffer.subarray(0, end + 2);
      this.buffer = this.buffer.subarray(end + 2);
      this.segments.push({ kind: 'line', data: line });
      const marker = LITERAL_MARKER.exec(line.toString('latin1'));
      if (marker) {
        this.literalLeft = Number(marker[1]);
        if (marker[2] === '') onSyncLiteral?.();
        continue;
      }
      done.push({ segments: this.segments });
      this.segments = [];
    }
  }

  /** Bytes read but not yet part of a complete unit (handed on raw when the stream turns to TLS). */
  drain(): Buffer {
    const rest = Buffer.concat([...this.segments.map((s) => s.data), this.buffer]);
    this.segments = [];
    this.buffer = Buffer.alloc(0);
    this.literalLeft = -1;
    return rest;
  }
}

export function serializeUnit(unit: ImapUnit): Buffer {
  return Buffer.concat(unit.segments.map((s) => s.data));
}

/** The unit's text with literals shown as `{N}` markers only: what regexes look at. */
export function unitText(unit: ImapUnit): string {
  return unit.segments
    .filter((s) => s.kind === 'line')
    .map((s) => s.data.toString('latin1'))
    .join('');
}

/** `tag` and upper-cased command name (`UID FETCH` counts as `FETCH`) of a client command line. */
export function parseCommand(unit: ImapUnit): { tag: string; name: string; text: string } | null {
  const text = unitText(unit);
  const match = /^(\S+) (?:UID )?([A-Za-z]+)/i.exec(text);
  return match ? { tag: match[1]!, name: match[2]!.toUpperCase(), text } : null;
}

/** A line starting a unit as a tagged response: `tag OK|NO|BAD ...`. */
export function parseTagged(unit: ImapUnit): { tag: string; status: string } | null {
  const match = /^([^\s*+]\S*) (OK|NO|BAD)\b/i.exec(unitText(unit));
  return match ? { tag: match[1]!, status: match[2]!.toUpperCase() } : null;
}

/** A string as IMAP sends it: quoted when plain printable ASCII, otherwise a literal. */
export function encodeAstring(name: string): { line: string; literal?: Buffer } {
  if (/^[\x20-\x7e]*$/.test(name) && !/["\\]/.test(name)) return { line: `"${name}"` };
  const literal = Buffer.from(name, 'latin1');
  return { line: `{${literal.length}}\r\n`, literal };
}

/** Set a literal's bytes and announce its new length in the line before it. */
export function replaceLiteral(unit: ImapUnit, index: number, data: Buffer, announced = data.length): void {
  const line = unit.segments[index - 1]!;
  line.data = Buffer.from(line.data.toString('latin1').replace(LITERAL_MARKER, `{${announced}}\r\n`), 'latin1');
  unit.segments[index] = { kind: 'literal', data };
}
