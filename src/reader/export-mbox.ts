// mboxrd, as mutt, Python's mailbox and most tools read it: each message after a `From ` line
// (envelope sender, asctime date in UTC), every line matching ^>*From  given one more `>` (so the
// quoting is reversible: drop one `>` from each ^>+From  line), lines ending as stored (CRLF stays
// CRLF), and an empty line after each message. A message that does not end in a newline gets one.
// Quoting works line by line across chunks, so a big message is streamed, never held whole.

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
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const lastNewline = data.lastIndexOf(10);
    if (lastNewline < 0) {
      carry = data;
      continue;
    }
    yield quoteLines(data.subarray(0, lastNewline + 1));
    carry = data.subarray(lastNewline + 1);
  }
  if (carry.length > 0) yield Buffer.concat([quoteLines(carry), NEWLINE]);
  yield NEWLINE;
}

const NEWLINE = Buffer.from('\n');
const GT = Buffer.from('>');

/** Whole lines (or a last partial one), each `>*From ` line with one more `>`. */
function quoteLines(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  while (start < data.length) {
    const newline = data.indexOf(10, start);
    const end = newline < 0 ? data.length : newline + 1;
    const line = data.subarray(start, end);
    if (isFromLine(line)) parts.push(GT);
    parts.push(line);
    start = end;
  }
  return Buffer.concat(parts);
}

const FROM = Buffer.from('From ');

/** `^>*From `, however many `>`. */
function isFromLine(line: Buffer): boolean {
  let i = 0;
  while (line[i] === 0x3e) i++;
  return line.subarray(i, i + FROM.length).equals(FROM);
}
