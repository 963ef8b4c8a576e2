// What `mailkeep restore` learns of a message file before it decides: its size as stored and as a
// server that stores CRLF reports it, its Message-ID, and a SHA-256 that does not depend on line
// ends (a server may turn an mbsync file's LF into CRLF, Dovecot CR CR LF into CRLF), on a
// header's 8-bit bytes (Cyrus stores them as X) nor on NUL or 0x80 (Dovecot sends a NUL as 0x80).
// Read once, in chunks; a small file's bytes are kept for the APPEND, a big one is read again while
// it is sent. A file with bare LFs (mbsync writes LF line ends) is sent with CRLF, as IMAP requires
// and as mbsync itself uploads.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { withCrlf } from '../maildir/index.js';
import { bookkeepingFilter } from './mbox-bookkeeping.js';
import { parseMessageIdHeader } from './message-id.js';

const CHUNK_BYTES = 1024 * 1024;
/** Files up to this size are held in memory between reading and sending. */
export const HELD_BYTES = 4 * 1024 * 1024;
/** The first line of a message is a header field: a name of printable characters, then a colon. */
const HEADER_FIELD = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

export interface MessageFingerprint {
  size: number;
  /** The size with every bare LF as CRLF. */
  crlfSize: number;
  messageId: string | null;
  /** SHA-256 of the bytes with CRLF read as LF. */
  hash: string;
  /**
   * The same as an mbox server may hand the message back (plainHasher): computed when first asked
   * for (only a server copy of another size calls for it), from the held bytes or the file again.
   */
  plainHash(): Promise<string>;
  /** The bytes hold a NUL, which only a literal8 (RFC 3516 `~{n}`) may carry. */
  hasNul: boolean;
  /** The header holds 8-bit bytes (raw UTF-8, RFC 6532): appended in RFC 6855's UTF8 wrapper where enabled. */
  eightBitHeader: boolean;
  mtime: Date;
  /** The bytes, for a file of at most HELD_BYTES. */
  body?: Buffer;
}

/** A file in a Maildir that is not a message restore can send. */
export class NotAMessage extends Error {}

/**
 * The header's 8-bit bytes (up to the first empty line) read as `X`, chunk by chunk: Cyrus stores
 * a header's raw 8-bit bytes so (munge8bit), and its copy must still be known as the file's.
 */
function headerEightBitAsX(): (chunk: Buffer) => Buffer {
  let inHeader = true;
  let lineHasText = false;
  return (chunk) => {
    let out: Buffer | undefined;
    for (let i = 0; inHeader && i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === 10) {
        inHeader = lineHasText;
        lineHasText = false;
      } else if (c !== 13) {
        lineHasText = true;
        if (c >= 0x80) (out ??= Buffer.from(chunk))[i] = 0x58;
      }
    }
    return out ?? chunk;
  };
}

/** Whether the header (up to its first empty line, within `head`) holds a byte above 0x7f. */
function headerHasEightBit(head: Buffer): boolean {
  const ends = [head.indexOf('\n\n'), head.indexOf('\n\r\n')].filter((i) => i >= 0);
  return head.subarray(0, ends.length > 0 ? Math.min(...ends) : head.length).some((byte) => byte >= 0x80);
}

/**
 * A NUL read as 0x80: a literal may not carry NUL, so Dovecot stores a message's NUL (taken in a
 * literal8) and sends it back as 0x80 in a FETCH of BODY[].
 */
function nulAsHighBit(chunk: Buffer): Buffer {
  let out: Buffer | undefined;
  for (let i = chunk.indexOf(0); i >= 0; i = chunk.indexOf(0, i + 1)) (out ??= Buffer.from(chunk))[i] = 0x80;
  return out ?? chunk;
}

/**
 * A SHA-256 of the bytes fed, CRLF read as LF, NUL as 0x80 and the header's 8-bit bytes as `X`,
 * and how many LFs had no CR before them. Every CR before an LF is read as part of that line end:
 * Dovecot stores a line end with a CR too many (CR CR LF, a file converted to CRLF twice) as CRLF.
 */
export function lineEndHasher(): { update(chunk: Buffer): void; digest(): { hash: string; bareLf: number } } {
  const hash = createHash('sha256');
  const munged = headerEightBitAsX();
  let bareLf = 0;
  // The CRs a chunk ends with: an LF at the start of the next one makes them a line end.
  let heldCrs = 0;
  return {
    update(raw) {
      if (raw.length === 0) return;
      const chunk = munged(nulAsHighBit(raw));
      const data = heldCrs > 0 ? Buffer.concat([Buffer.alloc(heldCrs, 13), chunk]) : chunk;
      let end = data.length;
      while (end > 0 && data[end - 1] === 13) end--;
      heldCrs = data.length - end;
      let from = 0;
      for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) {
        let crs = i;
        while (crs > from && data[crs - 1] === 13) crs--;
        if (crs === i) bareLf++;
        hash.update(data.subarray(from, crs));
        from = i;
      }
      hash.update(data.subarray(from, end));
    },
    digest() {
      hash.update(Buffer.alloc(heldCrs, 13));
      return { hash: hash.digest('hex'), bareLf };
    },
  };
}

/**
 * lineEndHasher over the message as an mbox server may hand it back: without its bookkeeping header
 * lines, and without line ends at its very end (one that ends without a newline, or is all header,
 * gets them added). Only compared where the sizes differ; the plain hash serves every other case.
 */
export function plainHasher(): { update(chunk: Buffer): void; digest(): string } {
  const hasher = lineEndHasher();
  let trailing: Buffer[] = [];
  const trimmed = (chunk: Buffer) => {
    let end = chunk.length;
    while (end > 0 && (chunk[end - 1] === 10 || chunk[end - 1] === 13)) end--;
    if (end === 0) return void trailing.push(chunk);
    for (const held of trailing) hasher.update(held);
    trailing = [];
    hasher.update(chunk.subarray(0, end));
    if (end < chunk.length) trailing.push(chunk.subarray(end));
  };
  const filter = bookkeepingFilter(trimmed);
  return {
    update: (chunk) => filter.update(chunk),
    digest: () => {
      filter.end();
      return hasher.digest().hash;
    },
  };
}

/** plainHasher's digest of a message's bytes, whole or as chunks. */
async function plainHashOf(bytes: Buffer | AsyncIterable<Buffer>): Promise<string> {
  const plain = plainHasher();
  for await (const chunk of Buffer.isBuffer(bytes) ? [bytes] : bytes) plain.update(chunk);
  return plain.digest();
}

async function openRegularFile(path: string) {
  try {
    return await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new NotAMessage('a symbolic link, not a file');
    // Node decodes a name that is not UTF-8 with U+FFFD: that name leads nowhere.
    if (code === 'ENOENT' && path.includes('\uFFFD')) throw new NotAMessage('its name is not UTF-8');
    throw error;
  }
}

export async function fingerprintFile(path: string): Promise<MessageFingerprint> {
  const handle = await openRegularFile(path);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotAMessage('not a regular file');
    if (stat.size === 0) throw new NotAMessage('an empty file');
    const hasher = lineEndHasher();
    const held: Buffer[] | undefined = stat.size <= HELD_BYTES ? [] : undefined;
    let head: Buffer | undefined;
    let size = 0;
    let hasNul = false;
    for await (const chunk of readChunks(handle, Math.min(CHUNK_BYTES, stat.size))) {
      if (head === undefined) {
        head = chunk;
        if (!HEADER_FIELD.test(chunk.subarray(0, 1000).toString('latin1'))) {
          throw new NotAMessage('not a message (it does not start with a header field)');
        }
      }
      hasher.update(chunk);
      hasNul ||= chunk.includes(0);
      held?.push(chunk);
      size += chunk.length;
    }
    const { hash, bareLf } = hasher.digest();
    const body = held !== undefined && size <= HELD_BYTES ? Buffer.concat(held) : undefined;
    let plain: Promise<string> | undefined;
    return {
      size,
      crlfSize: size + bareLf,
      messageId: parseMessageIdHeader(head),
      hash,
      plainHash: () => (plain ??= plainHashOf(body ?? fileChunks(path))),
      hasNul,
      eightBitHeader: head !== undefined && headerHasEightBit(head),
      mtime: stat.mtime,
      ...(body !== undefined ? { body } : {}),
    };
  } finally {
    await handle.close();
  }
}

/** The file's bytes in chunks of a fresh buffer each (a chunk may be held by a socket after it is yielded). */
async function* readChunks(handle: Awaited<ReturnType<typeof open>>, chunkBytes = CHUNK_BYTES): AsyncGenerator<Buffer> {
  for (let position = 0; ;) {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** The file's bytes read again as they are sent (a big message). */
export async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const handle = await openRegularFile(path);
  try {
    yield* readChunks(handle);
  } finally {
    await handle.close();
  }
}

/** withCrlf over a stream of chunks (a big message read as it is sent). */
export async function* chunksWithCrlf(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let afterCr = false;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    yield withCrlf(chunk, afterCr);
    afterCr = chunk[chunk.length - 1] === 13;
  }
}
