// Servers that keep mail in mbox files (GNU Mailutils imap4d) write their bookkeeping into each
// message's header (Status, X-Status, X-Keywords, X-UID, X-IMAPbase) and send it in BODY[]; it
// changes with the message's flags and whenever the file is rewritten (an expunge). Others
// (Dovecot's mbox) take those lines, and Content-Length, out of a message they are given: a message
// that once lived in an mbox file comes back shorter. RFC 3501 has a message's bytes never change,
// so a stored copy then "differs" (verify) and a file restored there is not known again by its size
// or hash (restore's rerun). Compared without those lines, it is the same message.
import { createHash, type Hash } from 'node:crypto';

/** Header fields an mbox server rewrites in place, or takes out. */
const BOOKKEEPING = /^(status|x-status|x-keywords|x-uid|x-imap|x-imapbase|content-length):/i;
/** The same, at the start of any line of a header block. */
const ANY_BOOKKEEPING = new RegExp(BOOKKEEPING.source, 'im');

/** A header block longer than this is taken as it is (no real one is; what is held stays bounded). */
const HEAD_LIMIT = 256 * 1024;

export interface BookkeepingFilter {
  update(chunk: Buffer): void;
  /** Whether the header held bookkeeping lines (then `sink` got the message without them). */
  end(): boolean;
  /** The same, known from the moment the header block is passed on (before `sink` gets it). */
  readonly hasBookkeeping: boolean;
}

/**
 * Feeds `sink` the message without its bookkeeping header lines, as the bytes stream in. Only the
 * header block is held, up to HEAD_LIMIT.
 */
export function bookkeepingFilter(sink: (chunk: Buffer) => void): BookkeepingFilter {
  let head: Buffer[] | undefined = [];
  let headBytes = 0;
  let dropped = false;
  const closeHead = (held: Buffer, end: number) => {
    head = undefined;
    const text = held.subarray(0, end).toString('latin1');
    dropped = ANY_BOOKKEEPING.test(text);
    sink(dropped ? Buffer.from(withoutBookkeeping(text), 'latin1') : held.subarray(0, end));
    if (end < held.length) sink(held.subarray(end));
  };
  return {
    update(chunk) {
      if (head === undefined) return sink(chunk);
      head.push(chunk);
      headBytes += chunk.length;
      const held = Buffer.concat(head);
      const end = headerEnd(held);
      if (end !== undefined) closeHead(held, end);
      else if (headBytes > HEAD_LIMIT) {
        head = undefined;
        sink(held);
      }
    },
    end() {
      if (head !== undefined) {
        const held = Buffer.concat(head);
        closeHead(held, held.length);
      }
      return dropped;
    },
    get hasBookkeeping() {
      return dropped;
    },
  };
}

export interface MessageDigests {
  sha256: string;
  length: number;
  /** The SHA-256 without the bookkeeping header lines (the same as `sha256` where there are none). */
  withoutBookkeeping: string;
}

/** Both digests of a message as it streams in; the second is hashed only where it differs from the first. */
export class MessageDigest {
  private readonly raw = createHash('sha256');
  private readonly plain: Hash = createHash('sha256');
  private readonly filter: BookkeepingFilter = bookkeepingFilter((chunk) => {
    if (this.filter.hasBookkeeping) this.plain.update(chunk);
  });
  private length = 0;

  update(chunk: Buffer): void {
    this.raw.update(chunk);
    this.filter.update(chunk);
    this.length += chunk.length;
  }

  digest(): MessageDigests {
    const dropped = this.filter.end();
    const sha256 = this.raw.digest('hex');
    return { sha256, length: this.length, withoutBookkeeping: dropped ? this.plain.digest('hex') : sha256 };
  }
}

/** The header block without the bookkeeping lines (their folded continuations too). */
function withoutBookkeeping(head: string): string {
  const kept: string[] = [];
  let dropping = false;
  for (const line of head.split(/(?<=\n)/)) {
    dropping = line.startsWith(' ') || line.startsWith('\t') ? dropping : BOOKKEEPING.test(line);
    if (!dropping) kept.push(line);
  }
  return kept.join('');
}

/** Where the header block ends (after its blank line); undefined while no blank line was seen. */
function headerEnd(held: Buffer): number | undefined {
  if (held[0] === 0x0a || (held[0] === 0x0d && held[1] === 0x0a)) return 0;
  const crlf = held.indexOf('\r\n\r\n');
  const lf = held.indexOf('\n\n');
  const ends = [crlf < 0 ? -1 : crlf + 4, lf < 0 ? -1 : lf + 2].filter((n) => n >= 0);
  return ends.length === 0 ? undefined : Math.min(...ends);
}
