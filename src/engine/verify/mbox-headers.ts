// Servers that keep mail in mbox files (GNU Mailutils imap4d) write their bookkeeping into each
// message's header (Status, X-Status, X-Keywords, X-UID, X-IMAPbase) and send it in BODY[]; it
// changes with the message's flags and whenever the file is rewritten (an expunge). RFC 3501 has a
// message's bytes never change, so the stored copy then "differs". Compared without those lines,
// it is the same message.
import { createHash, type Hash } from 'node:crypto';

/** Header fields an mbox server rewrites in place. */
const BOOKKEEPING = /^(status|x-status|x-keywords|x-uid|x-imap|x-imapbase):/i;
const ANY_BOOKKEEPING = /^(status|x-status|x-keywords|x-uid|x-imap|x-imapbase):/im;

/** A header block longer than this is hashed as it is (no real one is; the hash stays bounded). */
const HEAD_LIMIT = 256 * 1024;

export interface MessageDigests {
  sha256: string;
  length: number;
  /** The SHA-256 without the bookkeeping header lines (the same as `sha256` where there are none). */
  withoutBookkeeping: string;
}

/** Both digests of a message as it streams in; the header block alone is held, up to HEAD_LIMIT. */
export class MessageDigest {
  private readonly raw = createHash('sha256');
  private plain: Hash | undefined;
  private head: Buffer[] | undefined = [];
  private headBytes = 0;
  private length = 0;

  update(chunk: Buffer): void {
    this.raw.update(chunk);
    this.length += chunk.length;
    if (this.head === undefined) {
      this.plain?.update(chunk);
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    const held = Buffer.concat(this.head);
    const end = headerEnd(held);
    if (end !== undefined) this.closeHead(held, end);
    else if (this.headBytes > HEAD_LIMIT) this.head = undefined;
  }

  digest(): MessageDigests {
    if (this.head !== undefined) {
      const held = Buffer.concat(this.head);
      this.closeHead(held, held.length);
    }
    const sha256 = this.raw.digest('hex');
    return { sha256, length: this.length, withoutBookkeeping: this.plain?.digest('hex') ?? sha256 };
  }

  /** The header block is `held` up to `end`: its bookkeeping lines are left out of the second hash. */
  private closeHead(held: Buffer, end: number): void {
    this.head = undefined;
    const head = held.subarray(0, end).toString('latin1');
    if (!ANY_BOOKKEEPING.test(head)) return;
    this.plain = createHash('sha256');
    this.plain.update(Buffer.from(withoutBookkeeping(head), 'latin1'));
    this.plain.update(held.subarray(end));
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
