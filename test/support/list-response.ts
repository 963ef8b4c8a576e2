// `* LIST (flags) "delim" name` responses as data, so the fault proxy can hand the client any
// mailbox name a hostile server could send (raw bytes, NIL delimiter, literals, 5,000 chars).
import { encodeAstring, unitText, type ImapUnit, type Segment } from './imap-stream.js';

export interface ListEntry {
  kind: 'LIST' | 'LSUB';
  flags: string;
  /** null = NIL (a flat server). */
  delimiter: string | null;
  /** The name as on the wire (modified UTF-7, or any bytes as latin1 characters). */
  name: string;
  /** Extended data after the name, e.g. ` ("CHILDINFO" ...)`. */
  trailing: string;
}

const HEAD = /^\* (LIST|LSUB) \(([^)]*)\) (NIL|"((?:[^"\\]|\\.)*)") /i;
const unquote = (s: string) => s.replace(/\\(.)/g, '$1');

export function parseListUnit(unit: ImapUnit): ListEntry | null {
  const first = unit.segments[0]!.data.toString('latin1');
  const head = HEAD.exec(first);
  if (!head) return null;
  const base = {
    kind: head[1]!.toUpperCase() as 'LIST' | 'LSUB',
    flags: head[2]!,
    delimiter: head[3]!.toUpperCase() === 'NIL' ? null : unquote(head[4]!),
  };
  const rest = first.slice(head[0].length).replace(/\r\n$/, '');
  if (unit.segments.length >= 3 && unit.segments[1]!.kind === 'literal') {
    return {
      ...base,
      name: unit.segments[1]!.data.toString('latin1'),
      trailing: unitText({ segments: unit.segments.slice(2) }).replace(/\r\n$/, ''),
    };
  }
  const quoted = /^"((?:[^"\\]|\\.)*)"(.*)$/.exec(rest);
  if (quoted) return { ...base, name: unquote(quoted[1]!), trailing: quoted[2]! };
  const atom = /^(\S+)(.*)$/.exec(rest);
  return atom ? { ...base, name: atom[1]!, trailing: atom[2]! } : null;
}

export function encodeListUnit(entry: ListEntry): ImapUnit {
  const delimiter = entry.delimiter === null ? 'NIL' : `"${entry.delimiter.replace(/["\\]/g, '\\$&')}"`;
  const name = encodeAstring(entry.name);
  const head = `* ${entry.kind} (${entry.flags}) ${delimiter} ${name.line}`;
  const segments: Segment[] = name.literal
    ? [
        { kind: 'line', data: Buffer.from(head, 'latin1') },
        { kind: 'literal', data: name.literal },
        { kind: 'line', data: Buffer.from(`${entry.trailing}\r\n`, 'latin1') },
      ]
    : [{ kind: 'line', data: Buffer.from(`${head}${entry.trailing}\r\n`, 'latin1') }];
  return { segments };
}
