// Values we write into commands (quoted strings, literals, mailbox names) and numbers we read
// back from response codes.
import type { RemoteMailbox } from '../remote.js';
import { wireName } from './utf8-accept.js';

const QUOTABLE = /^[\x20-\x7e]*$/;
/** With UTF8=ACCEPT a quoted string may hold UTF-8 too (RFC 6855 §3), but still no control character. */
const QUOTABLE_UTF8 = /^[^\p{Cc}\p{Cs}]*$/u;

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** A mailbox name in a command: its text and the literals that text holds as `{n}`. */
export interface MailboxArg {
  text: string;
  literals: Buffer[];
}

/**
 * A mailbox name as the server spelled it: a quoted string, or a literal where it cannot be one
 * (8-bit characters without UTF8=ACCEPT, control characters), never refused.
 */
export function mailboxArg(wire: string, utf8Accept = false): MailboxArg {
  const literals: Buffer[] = [];
  return { text: stringArg(wire, literals, utf8Accept), literals };
}

/** A mailbox as the server listed it (its own spelling), else its path as the connection spells names. */
export function listedMailboxArg(
  mailbox: Pick<RemoteMailbox, 'path' | 'wire'>,
  connection: { utf8Accept: boolean },
): MailboxArg {
  return mailboxArg(mailbox.wire ?? wireName(connection, mailbox.path), connection.utf8Accept);
}

/** A string argument: quoted when it can be, else a literal (the connection sends it after `+`). */
export function stringArg(value: string, literals: Buffer[], utf8Accept = false): string {
  if ((utf8Accept ? QUOTABLE_UTF8 : QUOTABLE).test(value)) return quoted(value);
  const bytes = Buffer.from(value, 'utf8');
  literals.push(bytes);
  return `{${bytes.length}}`;
}

/**
 * A number the server sent, or undefined when it is none or beyond 2^53: a mod-sequence rounded
 * up would make CHANGEDSINCE miss changes, so without it the mailbox is listed in full.
 */
export function safeNumber(text: string): number | undefined {
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The number of a response code such as `UIDNEXT 42`, when the code is that one. */
export function codeNumber(code: string | undefined, name: string): number | undefined {
  if (code === undefined) return undefined;
  const m = new RegExp(`^${name} (\\d{1,20})$`, 'i').exec(code);
  return m === null ? undefined : safeNumber(m[1]!);
}

/** A literal too big to hold in memory: its exact length, and its bytes read when they are sent. */
export interface StreamedLiteral {
  size: number;
  chunks: () => AsyncIterable<Buffer>;
}

export type Literal = Buffer | StreamedLiteral;

/** What is written after a `+`: bytes, or a streamed literal and the command text behind it. */
export type CommandPiece = Buffer | { literal: StreamedLiteral; tail: Buffer };

const CRLF = Buffer.from('\r\n');

/**
 * A tagged command as written: a synchronizing `{n}` ends a piece, and its literal goes out after
 * the server's `+`; a non-synchronizing `{n+}` (RFC 7888 LITERAL+) is followed by its literal at
 * once. A streamed literal is always synchronizing. `verb` names the command in errors: only the
 * verb, as the rest may hold a password.
 */
export function commandPieces(
  tag: string,
  command: string,
  literals: Literal[],
): { pieces: CommandPiece[]; verb: string } {
  const segments = literals.length === 0 ? [command] : splitAtLiterals(command);
  const verb = command
    .split(' ', 2)
    .join(' ')
    .replace(/\{\d+\+?\}.*$/, '')
    .slice(0, 40);
  if (segments.length !== literals.length + 1) {
    throw new Error(`${verb}: ${segments.length - 1} literal placeholders for ${literals.length} literals`);
  }
  const pieces: CommandPiece[] = [];
  let parts: Buffer[] = [Buffer.from(`${tag} ${segments[0]}`)];
  let streamed: StreamedLiteral | undefined;
  const endPiece = () => {
    const data = Buffer.concat([...parts, CRLF]);
    pieces.push(streamed !== undefined ? { literal: streamed, tail: data } : data);
    parts = [];
    streamed = undefined;
  };
  for (const [i, literal] of literals.entries()) {
    const synchronizing = !segments[i]!.endsWith('+}');
    if (synchronizing) endPiece();
    else parts.push(CRLF);
    if (Buffer.isBuffer(literal)) parts.push(literal);
    else if (synchronizing) streamed = literal;
    else throw new Error(`${verb}: a streamed literal must be synchronizing`);
    parts.push(Buffer.from(segments[i + 1]!));
  }
  endPiece();
  return { pieces, verb };
}

/** Cuts a command after each `{n}` or `{n+}` placeholder, leaving a `{n}` inside a quoted string (a user name) alone. */
function splitAtLiterals(command: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (inQuotes) {
      if (c === '\\') i++;
      else if (c === '"') inQuotes = false;
    } else if (c === '"') {
      inQuotes = true;
    } else if (c === '{') {
      const placeholder = /^\{\d+\+?\}/.exec(command.slice(i, i + 23));
      if (placeholder === null) continue;
      i += placeholder[0].length - 1;
      pieces.push(command.slice(start, i + 1));
      start = i + 1;
    }
  }
  pieces.push(command.slice(start));
  return pieces;
}
