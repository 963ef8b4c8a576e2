// One IMAP connection: socket (TLS, STARTTLS, or cleartext), greeting, capabilities, login, and
// commands with their untagged responses handed to the caller (queued, pipelined and matched to
// their answers by command-pipeline.ts). Read-only by use, not by construction: session.ts decides
// which commands are sent. Every failure ends up as a rejected command (never an unhandled
// 'error'), and a dead connection fails fast.
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { closedError, ImapConnectionError, noAnswer } from './imap-errors.js';
import { ResponseFramer, type ResponseFrame } from './response-framer.js';
import { parseResponse, type StatusResponse } from './response-parser.js';
import type { ChallengeResponder, ImapConnectOptions, UntaggedResponse } from './connection-types.js';
import { ImapProtocolError } from './protocol-error.js';
import { hangUp, openSocket, startTlsMissing, upgradeSocket } from './socket.js';
import type { Literal } from './command-args.js';
import { waitForDrain } from './literal-stream.js';
import { CommandPipeline } from './command-pipeline.js';
import { AlertInbox } from './alert-inbox.js';
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
  private readonly pipeline: CommandPipeline;
  private failure: Error | undefined;
  private bye: StatusResponse | undefined;
  private greeting: { resolve: (r: StatusResponse) => void; reject: (e: Error) => void } | undefined;
  private compressed: CompressedLink | undefined;
  private readonly alerts = new AlertInbox();

  private constructor(
    private readonly options: ImapConnectOptions,
    socket: net.Socket,
  ) {
    this.socket = socket;
    this.pipeline = new CommandPipeline(
      {
        write: (data) => this.write(data),
        drained: () => this.compressed?.drained() ?? waitForDrain(this.socket),
        broken: () => this.failure,
        setTimeout: (ms) => this.socket.setTimeout(ms),
        breakOff: (error) => {
          this.fail(error);
          this.socket.destroy();
        },
      },
      options.timeoutMs,
    );
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
      if (greeting.status === 'BYE') throw closedError(connection.bye, `${options.host} refused the connection`);
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
    return this.pipeline.enqueue(command, { onUntagged, literals, holds: false });
  }

  /**
   * AUTHENTICATE (RFC 3501 §6.2.2): `respond` answers each challenge; nothing else is sent until
   * the server has answered.
   */
  authenticate(command: string, respond: ChallengeResponder): Promise<StatusResponse> {
    return this.pipeline.enqueue(command, { literals: [], holds: true, respond });
  }

  /** COMPRESS DEFLATE (RFC 4978): from the OK on, both directions are compressed. */
  compress(): Promise<StatusResponse> {
    return this.pipeline.enqueue('COMPRESS DEFLATE', { literals: [], holds: true, compresses: true });
  }

  /**
   * IDLE (RFC 2177): `onIdling` once the server's `+` came; from then on no inactivity timeout
   * applies (a quiet mailbox is not a dead server) until `endIdle()` sends DONE. Resolves on its OK.
   */
  idle(onUntagged: (response: UntaggedResponse) => void, onIdling: () => void): Promise<StatusResponse> {
    return this.pipeline.enqueue('IDLE', { onUntagged, literals: [], holds: true, idling: onIdling });
  }

  /** Ends an IDLE the server accepted: DONE, whose answer is awaited with the usual timeout. */
  endIdle(): void {
    if (this.failure !== undefined) return;
    this.write(Buffer.from('DONE\r\n'));
    this.pipeline.armTimer();
  }

  /** [ALERT] texts from the server (RFC 3501 §7.1), as sent; those that came before are handed over at once. */
  onAlert(listener: (text: string) => void): void {
    this.alerts.listen(listener);
  }

  /**
   * LOGOUT, then the socket is closed. When nothing else is pending (the end of a pass) the answer
   * is not waited for: nothing of the session is needed after it, and the wait would add a round
   * trip to every pass. The command leaves first, then TLS's close_notify and the FIN; the server
   * closes its side on its own. With a command in flight the answer is awaited, at most 2 s.
   */
  async logout(): Promise<void> {
    if (this.failure === undefined) {
      const idle = this.pipeline.idle;
      const answered = this.run('LOGOUT').catch(() => undefined);
      const sent = idle ? this.queuedWritten() : answered;
      await Promise.race([sent, answered, new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    this.close();
    hangUp(this.socket);
  }

  /** Resolves once what is queued now has been written to the socket (compressed, where it is). */
  private async queuedWritten(): Promise<void> {
    await Promise.resolve(); // the pipeline writes at the end of this turn
    await this.compressed?.flushed();
  }

  destroy(): void {
    this.close();
    this.socket.destroy();
  }

  /** Ends the session on our side: commands still waiting fail, the compressor stops. */
  private close(): void {
    this.fail(new ImapConnectionError('EConnectionClosed', 'connection closed by mailkeep'));
    this.compressed?.destroy();
  }

  private write(data: Buffer): void {
    if (this.compressed !== undefined) this.compressed.write(data);
    else this.socket.write(data);
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
      throw startTlsMissing(this.options.host);
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
      this.fail(noAnswer(this.options.host, this.options.timeoutMs));
      socket.destroy();
    });
    // Without a listener a socket error would crash the process.
    socket.on('error', (error: Error) => this.fail(error));
    socket.on('close', () => {
      if (socket === this.socket) this.fail(closedError(this.bye, `${this.options.host} closed the connection`));
    });
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.greeting?.reject(error);
    this.greeting = undefined;
    this.pipeline.rejectAll(error);
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
      this.alerts.note(response.result);
      // Idle until the first command (after a PREAUTH there may be none for a while): no timeout.
      this.socket.setTimeout(0);
      greeting.resolve(response.result);
      return;
    }
    const command = this.pipeline.oldest;
    switch (response.kind) {
      case 'continuation':
        this.pipeline.continued(response.text, frame.text);
        return;
      case 'tagged': {
        const answered = this.pipeline.answered(response.tag);
        this.learnCapabilities(response.result.code);
        this.alerts.note(response.result);
        if (response.result.status === 'OK' && answered.compresses) this.startCompression();
        this.pipeline.settle(answered, response.result);
        return;
      }
      case 'status':
        if (response.result.status === 'BYE') this.bye = response.result;
        this.learnCapabilities(response.result.code);
        this.alerts.note(response.result);
        command?.onUntagged?.(response);
        return;
      case 'data':
        if (response.name === 'CAPABILITY') this.learnCapabilities(`CAPABILITY ${response.cursor.rest()}`);
        command?.onUntagged?.(response);
        return;
    }
  }
}
