// Cuts the server's byte stream into whole responses: a line, and when it ends in `{n}` the n-byte
// literal that follows and the rest of the response after it (RFC 3501 §4.3). A chunk is only read
// while it is pushed (the socket reuses one buffer for every read): each literal is copied into a
// buffer of its announced size as it arrives, a line left unfinished into one of its own. Lines
// are bounded and so is every literal, so a hostile server cannot make us buffer without end.
import { ImapProtocolError } from './protocol-error.js';

/** One server response: its text with LITERAL_MARK where each literal stood, and the literals. */
export interface ResponseFrame {
  text: string;
  literals: Buffer[];
}

/** Marks a literal's place in a frame's text (server NULs become U+FFFD, so it cannot be forged). */
export const LITERAL_MARK = '\u0000';

export interface FramerLimits {
  /** Longest response text, in bytes: its lines together, literals aside. */
  maxLineBytes: number;
  /** Most literal bytes in one response (so also the largest literal). */
  maxLiteralBytes: number;
}

const LITERAL_AT_END = /\{(\d+)\+?\}\r?$/;
const EMPTY = Buffer.alloc(0);

export class ResponseFramer {
  private line: Buffer[] = [];
  private lineBytes = 0;
  private text = '';
  private literals: Buffer[] = [];
  /** Bytes of the literal being read that are still to come; -1 when reading a line. */
  private literalLeft = -1;
  /** The literal being read, allocated at its announced size, and how much of it has arrived. */
  private literal = EMPTY;
  private literalFilled = 0;
  /** Literal bytes of the response so far: many small literals must not add up without end either. */
  private literalBytes = 0;
  /** Set by stop(): push() returns after the frame being delivered. */
  private stopped = false;

  constructor(
    private readonly limits: FramerLimits,
    private readonly onFrame: (frame: ResponseFrame) => void,
  ) {}

  /**
   * Called from onFrame: the bytes after this response are no longer for this framer (they are
   * compressed, RFC 4978); push() hands them back instead.
   */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Feeds bytes from the socket; calls onFrame for every response completed. Keeps nothing of
   * `chunk` once it returns, so the caller may reuse it. Returns what is left of the chunk after
   * stop() (empty otherwise; a view of `chunk`). Throws ImapProtocolError.
   */
  push(chunk: Buffer): Buffer {
    let at = 0;
    while (at < chunk.length && !this.stopped) {
      if (this.literalLeft >= 0) {
        const take = Math.min(this.literalLeft, chunk.length - at);
        chunk.copy(this.literal, this.literalFilled, at, at + take);
        this.literalFilled += take;
        this.literalLeft -= take;
        at += take;
        if (this.literalLeft === 0) this.endLiteral();
        continue;
      }
      const newline = chunk.indexOf(10, at);
      const end = newline === -1 ? chunk.length : newline + 1;
      this.lineBytes += end - at;
      if (this.lineBytes > this.limits.maxLineBytes) {
        throw new ImapProtocolError(`server sent a response longer than ${this.limits.maxLineBytes} bytes`);
      }
      // A finished line is read at once; the start of an unfinished one waits for the next chunk.
      this.line.push(newline === -1 ? Buffer.from(chunk.subarray(at, end)) : chunk.subarray(at, end));
      at = end;
      if (newline !== -1) this.endLine();
    }
    return chunk.subarray(at);
  }

  private endLine(): void {
    const raw = this.line.length === 1 ? this.line[0]! : Buffer.concat(this.line);
    this.line = [];
    // Drop the CRLF (a bare LF is tolerated, as most clients do).
    let line = raw.toString('utf8', 0, raw.length - (raw.length >= 2 && raw[raw.length - 2] === 13 ? 2 : 1));
    if (line.includes(LITERAL_MARK)) line = line.replaceAll(LITERAL_MARK, '\uFFFD');
    // An empty line between responses is noise some servers send (an extra CRLF): skipped.
    if (line === '' && this.text === '') {
      this.lineBytes = 0;
      return;
    }
    const literal = LITERAL_AT_END.exec(line);
    if (literal === null) {
      const frame = { text: this.text + line, literals: this.literals };
      this.text = '';
      this.literals = [];
      this.lineBytes = 0;
      this.literalBytes = 0;
      this.onFrame(frame);
      return;
    }
    const size = Number(literal[1]);
    this.literalBytes += size;
    if (this.literalBytes > this.limits.maxLiteralBytes) {
      throw new ImapProtocolError(
        `server announced a ${literal[1]!.slice(0, 20)}-byte literal (limit ${this.limits.maxLiteralBytes} bytes per response)`,
      );
    }
    this.text += line.slice(0, literal.index) + LITERAL_MARK;
    this.literalLeft = size;
    // Messages of 4 KB and more get a buffer of their own (Node pools smaller ones).
    this.literal = Buffer.allocUnsafe(size);
    this.literalFilled = 0;
    if (size === 0) this.endLiteral();
  }

  private endLiteral(): void {
    this.literals.push(this.literal);
    this.literal = EMPTY;
    this.literalLeft = -1;
  }
}
