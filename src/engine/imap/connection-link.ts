// The bytes of one IMAP connection: its socket (replaced by a TLS one after STARTTLS), COMPRESS's
// deflate stream once it is on, and the framer that cuts responses out of what arrives. What the
// responses mean is imap-connection.ts's business; this side only reports frames and failures.
import type net from 'node:net';
import { noAnswer } from './imap-errors.js';
import { ResponseFramer, type ResponseFrame } from './response-framer.js';
import type { ImapConnectOptions } from './connection-types.js';
import { ImapProtocolError } from './protocol-error.js';
import { hangUp, upgradeSocket } from './socket.js';
import { waitForDrain } from './literal-stream.js';
import { compressedLink, type CompressedLink } from './compression.js';
import type { SocketInbox } from './socket-inbox.js';

/** A plain UID SEARCH of a million messages is ~8 MB; a response beyond this is refused. */
const MAX_LINE_BYTES = 32 * 1024 * 1024;

export interface LinkEvents {
  frame(frame: ResponseFrame): void;
  /** The link broke (socket error, timeout, corrupt data); the socket is being destroyed. */
  fail(error: Error): void;
  /** The server closed the connection. */
  closed(): void;
}

export class ConnectionLink {
  private socket: net.Socket;
  private framer: ResponseFramer;
  private compressed: CompressedLink | undefined;

  constructor(
    private readonly options: ImapConnectOptions,
    socket: net.Socket,
    private readonly events: LinkEvents,
    /** Where the first socket's reads arrive, if not as 'data' events. */
    private readonly inbox?: SocketInbox,
  ) {
    this.socket = socket;
    this.framer = this.newFramer();
    this.attach(socket);
    inbox?.deliverTo((chunk) => this.receive(socket, chunk));
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  write(data: Buffer): void {
    if (this.compressed !== undefined) this.compressed.write(data);
    else this.socket.write(data);
  }

  /** Resolves when what was written may be followed by more (backpressure). */
  drained(): Promise<void> {
    return this.compressed?.drained() ?? waitForDrain(this.socket);
  }

  /** Resolves once what was written has left the compressor (at once without COMPRESS). */
  async flushed(): Promise<void> {
    await this.compressed?.flushed();
  }

  /** Inactivity timeout on the socket; 0 turns it off. */
  setTimeout(ms: number): void {
    this.socket.setTimeout(ms);
  }

  /** Called on COMPRESS's OK: the framer stops at it, and what follows goes through inflate. */
  startCompression(): void {
    const socket = this.socket;
    this.framer.stop();
    this.framer = this.newFramer();
    this.compressed = compressedLink(
      socket,
      (data) => this.framer.push(data),
      (error) => {
        const broken =
          error instanceof ImapProtocolError
            ? error
            : new ImapProtocolError(`compressed stream from ${this.options.host} is corrupt: ${error.message}`);
        this.events.fail(broken);
        socket.destroy();
      },
    );
  }

  /** After STARTTLS's OK: the socket becomes a TLS one over it. */
  async startTls(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    const secure = await upgradeSocket(plain, this.options);
    this.socket = secure;
    // Bytes that came in cleartext after the OK are dropped, not read as if they were protected.
    this.framer = this.newFramer();
    this.attach(secure);
  }

  /** Goodbye without waiting for the server's (see hangUp); the compressor stops. */
  hangUp(): void {
    this.inbox?.stop();
    this.compressed?.destroy();
    hangUp(this.socket);
  }

  destroy(): void {
    this.compressed?.destroy();
    this.socket.destroy();
  }

  private receive(socket: net.Socket, chunk: Buffer): void {
    try {
      if (this.compressed !== undefined) {
        this.compressed.receive(this.kept(chunk));
        return;
      }
      const rest = this.framer.push(chunk);
      // The framer stopped at COMPRESS's OK (startCompression ran inside push): the rest is compressed.
      if (rest.length > 0) (this.compressed as CompressedLink | undefined)?.receive(this.kept(rest));
    } catch (error) {
      this.events.fail(error as Error);
      socket.destroy();
    }
  }

  /** Inflating is asynchronous: it gets a copy of a read that lands in the inbox's reused buffer. */
  private kept(chunk: Buffer): Buffer {
    return this.inbox ? Buffer.from(chunk) : chunk;
  }

  private newFramer(): ResponseFramer {
    return new ResponseFramer(
      { maxLineBytes: MAX_LINE_BYTES, maxLiteralBytes: this.options.maxLiteralBytes },
      (frame) => this.events.frame(frame),
    );
  }

  private attach(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
    socket.on('timeout', () => {
      this.events.fail(noAnswer(this.options.host, this.options.timeoutMs));
      socket.destroy();
    });
    // Without a listener a socket error would crash the process.
    socket.on('error', (error: Error) => this.events.fail(error));
    socket.on('close', () => {
      if (socket === this.socket) this.events.closed();
    });
  }
}
