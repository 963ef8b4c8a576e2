// One IMAP connection: socket (TLS, STARTTLS, or cleartext), greeting, capabilities, login, and
// commands with their untagged responses handed to the caller. Commands are pipelined (RFC 3501
// §5.5): those queued in one turn are written together at its end, unless one is waiting for a `+`
// to send a literal; the server answers in order, so untagged data belongs to the oldest open command. Read-only by
// use, not by construction: session.ts decides which commands are sent. Every failure ends up
// as a rejected command (never an unhandled 'error'), and a dead connection fails fast.
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { SyncError } from '../errors.js';
import { ImapCommandError, ImapConnectionError } from './imap-errors.js';
import { ResponseFramer, type ResponseFrame } from './response-framer.js';
import { parseResponse, type StatusResponse } from './response-parser.js';
import type { ChallengeResponder, ImapConnectOptions, PendingCommand, UntaggedResponse } from './connection-types.js';
import { ImapProtocolError } from './protocol-error.js';
import { openSocket, upgradeSocket } from './socket.js';
import { commandPieces, type CommandPiece, type Literal } from './command-args.js';
import { waitForDrain, writeStreamedPiece } from './literal-stream.js';
import { compressedLink, type CompressedLink } from './compression.js';

/** A plain UID SEARCH of a million messages is ~8 MB; a response beyond this is refused. */
const MAX_LINE_BYTES = 32 * 1024 * 1024;

export class ImapConnection {
  capabilities = new Set<string>();
  /** The greeting was PREAUTH: already authenticated, no login happened. */
  preauthenticated = false;
  /** From the socket being ready (TLS included) to the greeting: a round trip or a little more. */
  greetingMs = 0;
  /** How the session is carried (COMPRESS, and the rule that chose it), once logged in. */
  transport: string | undefined;
  private socket: net.Socket;
  private framer: ResponseFramer;
  private queue: PendingCommand[] = [];
  /** Sent and not yet answered, oldest first. */
  private inFlight: PendingCommand[] = [];
  private nextTag = 1;
  private pumpScheduled = false;
  /** Whether pump() last left the socket's inactivity timeout on. */
  private timerArmed = false;
  private failure: Error | undefined;
  private bye: StatusResponse | undefined;
  private greeting: { resolve: (r: StatusResponse) => void; reject: (e: Error) => void } | undefined;
  private compressed: CompressedLink | undefined;
  /** [ALERT] texts not yet taken by a listener. */
  private alerts: string[] = [];
  private alertListener: ((text: string) => void) | undefined;

  private constructor(
    private readonly options: ImapConnectOptions,
    socket: net.Socket,
  ) {
    this.socket = socket;
    this.framer = this.newFramer();
    this.attach(socket);
  }

  /** Connects, reads the greeting, upgrades with STARTTLS when asked, and learns the capabilities. */
  static async connect(options: ImapConnectOptions): Promise<ImapConnection> {
    const socket = await openSocket(options);
    const connection = new ImapConnection(options, socket);
    try {
      const started = performance.now();
      const greeting = await connection.readGreeting();
      connection.greetingMs = performance.now() - started;
      connection.preauthenticated = greeting.status === 'PREAUTH';
      if (greeting.status === 'BYE') throw connection.closedError(`${options.host} refused the connection`);
      connection.learnCapabilities(greeting.code);
      if (connection.capabilities.size === 0) await connection.run('CAPABILITY');
      if (options.security === 'starttls' && !connection.preauthenticated) await connection.startTls();
      return connection;
    } catch (error) {
      connection.destroy();
      throw error;
    }
  }

  /** The server's address as connected (a name may resolve to loopback). */
  get peerAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get usable(): boolean {
    return this.failure === undefined;
  }

  /** Why the connection is unusable (after !usable). */
  get lastError(): Error {
    return this.failure ?? new ImapConnectionError('EConnectionClosed', 'connection closed');
  }

  /**
   * Sends a command (text without tag and CRLF; `literals` are sent where the text holds `{n}`
   * or `{n+}` placeholders, in order). Resolves on OK, rejects on NO/BAD or a lost connection.
   */
  run(
    command: string,
    onUntagged?: (response: UntaggedResponse) => void,
    literals: Literal[] = [],
  ): Promise<StatusResponse> {
    return this.enqueue(command, { onUntagged, literals, holds: false });
  }

  /**
   * AUTHENTICATE (RFC 3501 §6.2.2): `respond` answers each challenge; nothing else is sent until
   * the server has answered.
   */
  authenticate(command: string, respond: ChallengeResponder): Promise<StatusResponse> {
    return this.enqueue(command, { literals: [], holds: true, respond });
  }

  /** COMPRESS DEFLATE (RFC 4978): from the OK on, both directions are compressed. */
  compress(): Promise<StatusResponse> {
    return this.enqueue('COMPRESS DEFLATE', { literals: [], holds: true, compresses: true });
  }

  /**
   * IDLE (RFC 2177): `onIdling` once the server's `+` came; from then on no inactivity timeout
   * applies (a quiet mailbox is not a dead server) until `endIdle()` sends DONE. Resolves on its OK.
   */
  idle(onUntagged: (response: UntaggedResponse) => void, onIdling: () => void): Promise<StatusResponse> {
    return this.enqueue('IDLE', { onUntagged, literals: [], holds: true, idling: onIdling });
  }

  /** Ends an IDLE the server accepted: DONE, whose answer is awaited with the usual timeout. */
  endIdle(): void {
    if (this.failure !== undefined) return;
    this.write(Buffer.from('DONE\r\n'));
    this.timerArmed = true;
    this.socket.setTimeout(this.options.timeoutMs);
  }

  /** [ALERT] texts from the server (RFC 3501 §7.1), as sent; those that came before are handed over at once. */
  onAlert(listener: (text: string) => void): void {
    this.alertListener = listener;
    for (const text of this.alerts.splice(0)) listener(text);
  }

  private enqueue(
    command: string,
    how: Pick<PendingCommand, 'onUntagged' | 'holds' | 'respond' | 'compresses' | 'idling'> & { literals: Literal[] },
  ): Promise<StatusResponse> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const { literals, ...rest } = how;
    const tag = `M${this.nextTag++}`;
    const { pieces: wire, verb } = commandPieces(tag, command, literals);
    return new Promise((resolve, reject) => {
      this.queue.push({ tag, pieces: wire, verb, ...rest, resolve, reject });
      this.schedulePump();
    });
  }

  /** LOGOUT, politely and briefly; then the socket is closed. */
  async logout(): Promise<void> {
    if (this.failure === undefined) {
      await Promise.race([this.run('LOGOUT').catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    this.destroy();
  }

  destroy(): void {
    this.fail(new ImapConnectionError('EConnectionClosed', 'connection closed by mailkeep'));
    this.socket.destroy();
    this.compressed?.destroy();
  }

  private write(data: Buffer): void {
    if (this.compressed !== undefined) this.compressed.write(data);
    else this.socket.write(data);
  }

  /**
   * A literal read while it is sent, at the pace the socket takes it. The server expects exactly
   * its length: if the bytes cannot all be sent, the connection is given up.
   */
  private sendStreamed(command: PendingCommand, piece: Exclude<CommandPiece, Buffer>): void {
    command.streaming = true;
    const socket = this.socket;
    writeStreamedPiece(piece, {
      write: (data) => this.write(data),
      drained: () => this.compressed?.drained() ?? waitForDrain(socket),
      broken: () => this.failure,
    }).then(
      () => {
        command.streaming = false;
        this.pump();
      },
      (error: Error) => {
        this.fail(error);
        socket.destroy();
      },
    );
  }

  private receive(socket: net.Socket, chunk: Buffer): void {
    try {
      if (this.compressed !== undefined) {
        this.compressed.receive(chunk);
        return;
      }
      const rest = this.framer.push(chunk);
      // The framer stopped at COMPRESS's OK (startCompression ran inside push): the rest is compressed.
      if (rest.length > 0) (this.compressed as CompressedLink | undefined)?.receive(rest);
    } catch (error) {
      this.fail(error as Error);
      socket.destroy();
    }
  }

  /** Called on COMPRESS's OK: the framer stops at it, and what follows goes through inflate. */
  private startCompression(): void {
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
        this.fail(broken);
        socket.destroy();
      },
    );
  }

  private readGreeting(): Promise<StatusResponse> {
    return new Promise((resolve, reject) => {
      if (this.failure !== undefined) reject(this.failure);
      else this.greeting = { resolve, reject };
      this.socket.setTimeout(this.options.timeoutMs);
    });
  }

  private async startTls(): Promise<void> {
    if (!this.capabilities.has('STARTTLS')) {
      throw new SyncError(
        'STARTTLS_MISSING',
        'account',
        'final',
        `${this.options.host} does not offer STARTTLS; refusing to log in without TLS (set TLS to imaps, or check the connection)`,
      );
    }
    await this.run('STARTTLS');
    const plain = this.socket;
    plain.removeAllListeners('data');
    const secure = await upgradeSocket(plain, this.options);
    this.socket = secure;
    // Bytes that came in cleartext after the OK are dropped, not read as if they were protected.
    this.framer = this.newFramer();
    this.attach(secure);
    // Capabilities seen before TLS cannot be trusted (RFC 3501 §6.2.1).
    this.capabilities.clear();
    await this.run('CAPABILITY');
  }

  private newFramer(): ResponseFramer {
    return new ResponseFramer(
      { maxLineBytes: MAX_LINE_BYTES, maxLiteralBytes: this.options.maxLiteralBytes },
      (frame) => this.onFrame(frame),
    );
  }

  learnCapabilities(code: string | undefined): void {
    if (code === undefined || !/^CAPABILITY /i.test(code)) return;
    this.capabilities = new Set(code.slice('CAPABILITY '.length).trim().toUpperCase().split(/\s+/));
  }

  private attach(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
    socket.on('timeout', () => {
      this.fail(
        new ImapConnectionError(
          'ETIMEOUT',
          `no answer from ${this.options.host} for ${Math.round(this.options.timeoutMs / 1000)} s`,
        ),
      );
      socket.destroy();
    });
    // Without a listener a socket error would crash the process.
    socket.on('error', (error: Error) => this.fail(error));
    socket.on('close', () => {
      if (socket === this.socket) this.fail(this.closedError(`${this.options.host} closed the connection`));
    });
  }

  private closedError(message: string): Error {
    const bye = this.bye;
    if (bye === undefined) return new ImapConnectionError('EConnectionClosed', message);
    const text = `${bye.code !== undefined ? `[${bye.code}] ` : ''}${bye.text}`.trim();
    return Object.assign(new ImapConnectionError('EConnectionClosed', `${message}: BYE ${text}`), {
      responseText: `BYE ${text}`,
    });
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.greeting?.reject(error);
    this.greeting = undefined;
    const pending = [...this.inFlight, ...this.queue];
    this.inFlight = [];
    this.queue = [];
    for (const command of pending) command.reject(error);
  }

  /**
   * Commands queued in one turn of the event loop (an EXAMINE and the FETCH behind it) go out
   * together, in one write: one TLS record and one segment instead of one each.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.failure !== undefined) return;
    const out: Buffer[] = [];
    // A command waiting for `+` owns the connection until its literals are out.
    const owned = (command: PendingCommand) => command.pieces.length > 0 || command.holds || command.streaming;
    while (this.queue.length > 0 && !this.inFlight.some(owned)) {
      const next = this.queue.shift()!;
      this.inFlight.push(next);
      // The first piece is the command's text, never a streamed literal.
      out.push(next.pieces.shift() as Buffer);
    }
    if (out.length > 0) this.write(out.length === 1 ? out[0]! : Buffer.concat(out));
    // No timeout while idle (a connection waiting for its next command is not a dead server).
    // Armed only on a change: the socket restarts it with every byte read anyway.
    const busy = this.inFlight.length > 0;
    if (busy !== this.timerArmed) {
      this.timerArmed = busy;
      this.socket.setTimeout(busy ? this.options.timeoutMs : 0);
    }
  }

  private noteAlert(result: StatusResponse): void {
    if (result.code?.toUpperCase() !== 'ALERT') return;
    if (this.alertListener !== undefined) this.alertListener(result.text);
    else if (this.alerts.length < 20) this.alerts.push(result.text);
  }

  private onFrame(frame: ResponseFrame): void {
    const response = parseResponse(frame);
    if (this.greeting !== undefined) {
      // Thrown while this.greeting is still set, so that fail() rejects the greeting rather than leave connect() hanging.
      // A greeting is OK, PREAUTH or BYE (RFC 3501 §7.1); anything else is not an IMAP server we can talk to.
      if (response.kind !== 'status' || response.result.status === 'NO' || response.result.status === 'BAD') {
        throw new ImapProtocolError(`unexpected greeting: ${frame.text.slice(0, 80)}`);
      }
      const greeting = this.greeting;
      this.greeting = undefined;
      if (response.result.status === 'BYE') this.bye = response.result;
      this.noteAlert(response.result);
      // Idle until the first command (after a PREAUTH there may be none for a while): no timeout.
      this.socket.setTimeout(0);
      greeting.resolve(response.result);
      return;
    }
    const command = this.inFlight[0];
    switch (response.kind) {
      case 'continuation': {
        const waiting = this.inFlight.find(
          (c) => c.pieces.length > 0 || c.respond !== undefined || c.idling !== undefined,
        );
        if (waiting?.idling !== undefined && waiting.pieces.length === 0) {
          this.timerArmed = false;
          this.socket.setTimeout(0);
          waiting.idling();
          return;
        }
        const piece =
          waiting?.pieces.shift() ??
          (waiting?.respond ? Buffer.from(`${waiting.respond(response.text)}\r\n`) : undefined);
        if (piece === undefined) throw new ImapProtocolError(`unexpected continuation: ${frame.text.slice(0, 80)}`);
        if (Buffer.isBuffer(piece)) this.write(piece);
        else this.sendStreamed(waiting!, piece);
        this.pump();
        return;
      }
      case 'tagged': {
        // Answers come in the order the commands were sent; any other tag is not ours.
        if (command === undefined || response.tag !== command.tag)
          throw new ImapProtocolError(`unexpected tag ${response.tag.slice(0, 20)}`);
        this.inFlight.shift();
        this.learnCapabilities(response.result.code);
        this.noteAlert(response.result);
        if (response.result.status === 'OK' && command.compresses) this.startCompression();
        if (response.result.status === 'OK') command.resolve(response.result);
        else command.reject(new ImapCommandError(command.verb, response.result));
        this.pump();
        return;
      }
      case 'status':
        if (response.result.status === 'BYE') this.bye = response.result;
        this.learnCapabilities(response.result.code);
        this.noteAlert(response.result);
        command?.onUntagged?.(response);
        return;
      case 'data':
        if (response.name === 'CAPABILITY') this.learnCapabilities(`CAPABILITY ${response.cursor.rest()}`);
        command?.onUntagged?.(response);
        return;
    }
  }
}
