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
  // A line not ended yet, kept as its chunks and joined once: joining it to each next chunk made
  // a line of 20 MB (a base64 body never wrapped) cost 13 s, its length squared.
  let carry: Buffer[] = [];
  for await (const chunk of chunks) {
    const lastNewline = chunk.lastIndexOf(10);
    if (lastNewline < 0) {
      carry.push(chunk);
      continue;
    }
    yield quoteLines(Buffer.concat([...carry, chunk.subarray(0, lastNewline + 1)]));
    carry = lastNewline + 1 < chunk.length ? [chunk.subarray(lastNewline + 1)] : [];
  }
  if (carry.length > 0) yield Buffer.concat([quoteLines(Buffer.concat(carry)), NEWLINE]);
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
