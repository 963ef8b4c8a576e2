// mboxrd, as mutt, Python's mailbox and most tools read it: each message after a `From ` line
// (envelope sender, asctime date in UTC), every line matching ^>*From  given one more `>` (so the
// quoting is reversible: drop one `>` from each ^>+From  line), lines ending as stored (CRLF stays
// CRLF), and an empty line after each message. A message that does not end in a newline gets one.
// Quoting works across chunks, so a big message is streamed, never held whole, nor any line of it.

/** `From sender Wed Dec  2 15:40:33 2026` (asctime, UTC), ending in LF. */
export function mboxFromLine(sender: string, date: Date): string {
  const address = sender.replace(/[\s\p{Cc}]+/gu, '') || 'MAILER-DAEMON';
  return `From ${address} ${asctime(date)}\n`;
}

export function asctime(date: Date): string {
  const valid = Number.isNaN(date.getTime()) ? new Date(0) : date;
  const [day, month] = [DAYS[valid.getUTCDay()]!, MONTHS[valid.getUTCMonth()]!];
  const time = [valid.getUTCHours(), valid.getUTCMinutes(), valid.getUTCSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return `${day} ${month} ${String(valid.getUTCDate()).padStart(2, ' ')} ${time} ${valid.getUTCFullYear()}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A message's bytes quoted for mboxrd, chunk by chunk, then the separator. */
export async function* mboxrdBody(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const quoter = new FromQuoter();
  let last = 10;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    yield quoter.push(chunk);
    last = chunk[chunk.length - 1]!;
  }
  const held = quoter.end();
  if (held.length > 0 || last !== 10) yield Buffer.concat([held, NEWLINE]);
  yield NEWLINE;
}

const NEWLINE = Buffer.from('\n');
const GT = Buffer.from('>');
const FROM = Buffer.from('From ');

/**
 * Quotes `^>*From ` lines as the bytes stream by, holding back at most the 4 bytes of a `From `
 * not yet complete: a line is never held whole (one of 400 MB, a base64 body never wrapped, took
 * 1.3 GB to export). The `>` goes before `From `, after the line's other `>`s: the same bytes.
 */
class FromQuoter {
  /** At the start of a line, still reading its `>*From ` prefix. */
  private testing = true;
  /** How many bytes of `From ` matched so far, not yet written. */
  private held = 0;

  push(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.testing) {
        at = this.testLineStart(chunk, at, out);
        continue;
      }
      const newline = chunk.indexOf(10, at);
      const end = newline < 0 ? chunk.length : newline + 1;
      out.push(chunk.subarray(at, end));
      this.testing = newline >= 0;
      at = end;
    }
    return Buffer.concat(out);
  }

  /** The bytes held back at the end of the message (a `From` cut short is no `From ` line). */
  end(): Buffer {
    return FROM.subarray(0, this.held);
  }

  private testLineStart(chunk: Buffer, from: number, out: Buffer[]): number {
    let at = from;
    if (this.held === 0) while (at < chunk.length && chunk[at] === 0x3e) at++;
    out.push(chunk.subarray(from, at));
    while (at < chunk.length && this.held < FROM.length && chunk[at] === FROM[this.held]) {
      this.held++;
      at++;
    }
    if (at === chunk.length && this.held < FROM.length) return at;
    if (this.held === FROM.length) out.push(GT);
    out.push(FROM.subarray(0, this.held));
    this.held = 0;
    this.testing = false;
    return at;
  }
}
