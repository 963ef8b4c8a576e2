// One IMAP connection: greeting, capabilities, STARTTLS, COMPRESS, login, and commands with
// their untagged responses handed to the caller (queued, pipelined and matched to their answers
// by command-pipeline.ts; the bytes travel through connection-link.ts). Read-only by use, not by
// construction: session.ts decides which commands are sent. Every failure ends up as a rejected
// command (never an unhandled 'error'), and a dead connection fails fast.
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { closedError, ImapConnectionError } from './imap-errors.js';
import type { ResponseFrame } from './response-framer.js';
import { parseResponse, type StatusResponse } from './response-parser.js';
import type { ChallengeResponder, ImapConnectOptions, UntaggedResponse } from './connection-types.js';
import { ImapProtocolError } from './protocol-error.js';
import { openSocket, startTlsMissing } from './socket.js';
import { connectStopped, unlessStopped } from './stop-connect.js';
import type { Literal } from './command-args.js';
import { CommandPipeline } from './command-pipeline.js';
import { AlertInbox } from './alert-inbox.js';
import { ConnectionLink } from './connection-link.js';
import { SocketInbox } from './socket-inbox.js';
import { explainTunnelError, tunnelBreak } from './tunnel.js';

export class ImapConnection {
  capabilities = new Set<string>();
  /** The greeting was PREAUTH: already authenticated, no login happened. */
  preauthenticated = false;
  /** From the socket being ready (TLS included) to the greeting: a round trip or a little more. */
  greetingMs = 0;
  /**
   * Courier-IMAP (by its greeting) keeps the UIDs it gives new mail only in a mailbox opened
   * read-write: under EXAMINE they are numbered anew each time, and a mailbox never SELECTed gets
   * a new UIDVALIDITY each time. Mailboxes are opened with SELECT there (examine.ts).
   */
  keepsUidsOnlyWhenSelected = false;
  /** How the session is carried (COMPRESS, and the rule that chose it), once logged in. */
  transport: string | undefined;
  /** The server runs on this machine (compress-rule.ts), once logged in. */
  onThisMachine = false;
  /** ENABLE UTF8=ACCEPT took (RFC 6855): mailbox names travel as UTF-8, not modified UTF-7. */
  utf8Accept = false;
  private readonly link: ConnectionLink;
  private readonly pipeline: CommandPipeline;
  private failure: Error | undefined;
  private bye: StatusResponse | undefined;
  private greeting: { resolve: (r: StatusResponse) => void; reject: (e: Error) => void } | undefined;
  private readonly alerts = new AlertInbox();
  private loggingOut: Promise<void> | undefined;

  private constructor(
    private readonly options: ImapConnectOptions,
    socket: net.Socket,
    inbox: SocketInbox | undefined,
  ) {
    this.pipeline = new CommandPipeline(
      {
        write: (data) => this.link.write(data),
        drained: () => this.link.drained(),
        broken: () => this.failure,
        setTimeout: (ms) => this.link.setTimeout(ms),
        breakOff: (error) => this.breakOff(error),
      },
      options.timeoutMs,
    );
    this.link = new ConnectionLink(
      options,
      socket,
      {
        frame: (frame) => this.onFrame(frame),
        fail: (error) => this.lost(socket, error),
        closed: () => this.lost(socket, closedError(this.bye, `${options.host} closed the connection`)),
      },
      inbox,
    );
  }

  /** Connects, reads the greeting, upgrades with STARTTLS when asked, and learns the capabilities. */
  static async connect(options: ImapConnectOptions): Promise<ImapConnection> {
    // A socket upgraded by STARTTLS is read through 'data' events: the upgrade takes over its reads.
    const inbox = options.security === 'imaps' && options.tunnel === undefined ? new SocketInbox() : undefined;
    const socket = await openSocket(options, inbox);
    const connection = new ImapConnection(options, socket, inbox);
    try {
      const abandon = () => connection.breakOff(connectStopped(options.host));
      await unlessStopped(options.stop, abandon, async () => {
        const started = performance.now();
        const greeting = await connection.readGreeting();
        connection.greetingMs = performance.now() - started;
        connection.preauthenticated = greeting.status === 'PREAUTH';
        connection.keepsUidsOnlyWhenSelected = /\bCourier-IMAP\b/.test(greeting.text);
        if (greeting.status === 'BYE') throw closedError(connection.bye, `${options.host} refused the connection`);
        connection.learnCapabilities(greeting.code);
        if (connection.capabilities.size === 0) await connection.run('CAPABILITY');
        if (options.security === 'starttls' && !connection.preauthenticated) await connection.startTls();
      });
      return connection;
    } catch (error) {
      connection.destroy();
      // Through a Tunnel whose command ended badly, what the command said is the reason.
      throw await explainTunnelError(socket, error);
    }
  }

  /** The server's address as connected (a name may resolve to loopback). */
  get peerAddress(): string | undefined {
    return this.link.remoteAddress;
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

  /** As run, and its `onUntagged` also hears the data the older commands in flight are given. */
  overhear(command: string, onUntagged: (response: UntaggedResponse) => void): Promise<StatusResponse> {
    return this.pipeline.enqueue(command, { onUntagged, literals: [], holds: false, overhears: true });
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
    this.link.write(Buffer.from('DONE\r\n'));
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
   * closes its side on its own. With a command in flight the answer is awaited, at most 2 s. Sent
   * once: a second call (a watch stopped while its loop also closes) waits for the first.
   */
  logout(): Promise<void> {
    this.loggingOut ??= this.sayGoodbye();
    return this.loggingOut;
  }

  private async sayGoodbye(): Promise<void> {
    if (this.failure === undefined) {
      const idle = this.pipeline.idle;
      const answered = this.run('LOGOUT').catch(() => undefined);
      const sent = idle ? this.queuedWritten() : answered;
      await Promise.race([sent, answered, new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    this.close();
    this.link.hangUp();
  }

  /** Resolves once what is queued now has been written to the socket (compressed, where it is). */
  private async queuedWritten(): Promise<void> {
    await Promise.resolve(); // the pipeline writes at the end of this turn
    await this.link.flushed();
  }

  /** Fails every command waiting and drops the line. */
  breakOff(error: Error): void {
    this.fail(error);
    this.link.destroy();
  }

  destroy(): void {
    this.close();
    this.link.destroy();
  }

  /**
   * The connection failed or the other end closed it. Through a Tunnel whose command ended badly,
   * what the command said is why ('… exited with status 255: client_loop: send disconnect: Broken
   * pipe'), learnt a moment later; still a lost connection, retried as a dropped TCP one is.
   */
  private lost(socket: net.Socket, error: Error): void {
    const told = this.failure === undefined ? tunnelBreak(socket, error) : undefined;
    if (told === undefined) this.fail(error);
    else void told.then((why) => this.fail(why));
  }

  /** Ends the session on our side: commands still waiting fail. */
  private close(): void {
    this.fail(new ImapConnectionError('EConnectionClosed', 'connection closed by mailkeep'));
  }

  private readGreeting(): Promise<StatusResponse> {
    return new Promise((resolve, reject) => {
      if (this.failure !== undefined) reject(this.failure);
      else this.greeting = { resolve, reject };
      this.link.setTimeout(this.options.timeoutMs);
    });
  }

  private async startTls(): Promise<void> {
    if (!this.capabilities.has('STARTTLS')) {
      throw startTlsMissing(this.options.host);
    }
    await this.run('STARTTLS');
    await this.link.startTls();
    // Capabilities seen before TLS cannot be trusted (RFC 3501 §6.2.1).
    this.capabilities.clear();
    await this.run('CAPABILITY');
  }

  learnCapabilities(code: string | undefined): void {
    if (code === undefined || !/^CAPABILITY /i.test(code)) return;
    this.capabilities = new Set(code.slice('CAPABILITY '.length).trim().toUpperCase().split(/\s+/));
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
      this.link.setTimeout(0);
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
        if (response.result.status === 'OK' && answered.compresses) this.link.startCompression();
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
        for (const other of this.pipeline.overhearing)
          other.onUntagged?.({ ...response, cursor: response.cursor.clone() });
        command?.onUntagged?.(response);
        return;
    }
  }
}
