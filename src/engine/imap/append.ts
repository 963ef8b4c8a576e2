// APPEND (RFC 3501 §6.3.11) of one message, or of several in one command (RFC 3502 MULTIAPPEND).
// Small literals go without waiting for `+` where the server allows it (RFC 7888 LITERAL+, or
// LITERAL- up to 4096 bytes); a streamed one always waits, one round trip in a big upload. A
// message with a NUL byte goes as a literal8 (RFC 3516 `~{n}`) where the server has BINARY: a
// plain literal may not carry NUL, and Cyrus refuses it ("Message contains NUL characters"). With
// UTF8=ACCEPT on, a message with 8-bit headers goes as `UTF8 (~{n})`, as RFC 6855 §4 asks of a
// client; without it, as before.
import type { AppendMessage } from '../remote-writer.js';
import type { Literal, MailboxArg } from './command-args.js';
import type { ImapConnection } from './imap-connection.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LITERAL_MINUS_MAX = 4096;

/** An INTERNALDATE argument in UTC: `"02-Dec-2026 15:40:30 +0000"`. */
export function internalDateArg(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${two(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()}`;
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `"${day} ${time} +0000"`;
}

function nonSynchronizing(capabilities: ReadonlySet<string>, size: number): boolean {
  return capabilities.has('LITERAL+') || (capabilities.has('LITERAL-') && size <= LITERAL_MINUS_MAX);
}

export async function appendMessages(
  connection: ImapConnection,
  mailbox: MailboxArg,
  messages: readonly AppendMessage[],
): Promise<void> {
  if (messages.length > 1 && !connection.capabilities.has('MULTIAPPEND')) {
    throw new Error('APPEND of several messages needs MULTIAPPEND');
  }
  const literals: Literal[] = [...mailbox.literals];
  let command = `APPEND ${mailbox.text}`;
  for (const message of messages) {
    const { body, size } = message;
    if (Buffer.isBuffer(body) && body.length !== size)
      throw new Error(`APPEND: ${body.length} bytes announced as ${size}`);
    const plus = Buffer.isBuffer(body) && nonSynchronizing(connection.capabilities, size) ? '+' : '';
    const utf8 = message.eightBitHeader && connection.utf8Accept;
    const literal8 = utf8 || (message.hasNul && connection.capabilities.has('BINARY')) ? '~' : '';
    const literal = `${literal8}{${size}${plus}}`;
    command += ` (${message.flags.join(' ')}) ${internalDateArg(message.internalDate)} ${utf8 ? `UTF8 (${literal})` : literal}`;
    literals.push(Buffer.isBuffer(body) ? body : { size, chunks: body });
  }
  await connection.run(command, undefined, literals);
}
