// Values we write into commands (quoted strings, literals, mailbox names) and numbers we read
// back from response codes.
import { SyncError } from '../errors.js';

const QUOTABLE = /^[\x20-\x7e]*$/;

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** A mailbox name as an IMAP quoted string; names that cannot be one are refused, never sent. */
export function quoteMailbox(wire: string, name: string): string {
  if (!QUOTABLE.test(wire)) {
    throw new SyncError('MAILBOX_NAME', 'mailbox', 'final',
      `mailbox name ${JSON.stringify(name)} cannot be sent back to the server`);
  }
  return quoted(wire);
}

/** A login string: quoted when it can be, else a literal (the connection sends it after `+`). */
export function loginString(value: string, literals: Buffer[]): string {
  if (QUOTABLE.test(value)) return quoted(value);
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
