// The commands of one IMAP connection, from tag to answer. Pipelined (RFC 3501 §5.5): those queued
// in one turn are written together at its end, unless one is waiting for a `+` to send a literal;
// the server answers in order, so the oldest command sent is the one an answer belongs to.
import { ImapCommandError } from './imap-errors.js';
import { ImapProtocolError } from './protocol-error.js';
import type { StatusResponse } from './response-parser.js';
import type { PendingCommand } from './connection-types.js';
import { commandPieces, type CommandPiece, type Literal } from './command-args.js';
import { writeStreamedPiece, type LiteralSink } from './literal-stream.js';

/** What the pipeline needs of the connection under it. */
export interface PipelineLink extends LiteralSink {
  /** The socket's inactivity timeout; 0 turns it off. */
  setTimeout(ms: number): void;
  /** Gives the connection up: every command fails with `error` and the socket is closed. */
  breakOff(error: Error): void;
}

export type CommandManner = Pick<
  PendingCommand,
  'onUntagged' | 'holds' | 'respond' | 'compresses' | 'idling' | 'overhears'
> & {
  literals: Literal[];
};

export class CommandPipeline {
  private queue: PendingCommand[] = [];
  /** Sent and not yet answered, oldest first. */
  private inFlight: PendingCommand[] = [];
  private nextTag = 1;
  private pumpScheduled = false;
  /** Whether pump() last left the socket's inactivity timeout on. */
  private timerArmed = false;

  constructor(
    private readonly link: PipelineLink,
    private readonly timeoutMs: number,
  ) {}

  enqueue(command: string, how: CommandManner): Promise<StatusResponse> {
    const failure = this.link.broken();
    if (failure !== undefined) return Promise.reject(failure);
    const { literals, ...rest } = how;
    const tag = `M${this.nextTag++}`;
    const { pieces: wire, verb } = commandPieces(tag, command, literals);
    return new Promise((resolve, reject) => {
      this.queue.push({ tag, pieces: wire, verb, ...rest, resolve, reject });
      this.schedulePump();
    });
  }

  /** Nothing queued, nothing waiting for an answer. */
  get idle(): boolean {
    return this.queue.length === 0 && this.inFlight.length === 0;
  }

  /** The oldest command sent and not yet answered: untagged data belongs to it. */
  get oldest(): PendingCommand | undefined {
    return this.inFlight[0];
  }

  /** The younger commands in flight that hear the oldest one's untagged data too. */
  get overhearing(): PendingCommand[] {
    return this.inFlight.length > 1 ? this.inFlight.slice(1).filter((c) => c.overhears === true) : [];
  }

  /** Takes the oldest command off on its tagged answer; any other tag is not ours. */
  answered(tag: string): PendingCommand {
    const command = this.inFlight[0];
    if (command === undefined || tag !== command.tag) throw new ImapProtocolError(`unexpected tag ${tag.slice(0, 20)}`);
    this.inFlight.shift();
    return command;
  }

  /** Resolves an answered command on OK, rejects it on NO/BAD, and lets the next ones go out. */
  settle(command: PendingCommand, result: StatusResponse): void {
    if (result.status === 'OK') command.resolve(result);
    else command.reject(new ImapCommandError(command.verb, result));
    this.pump();
  }

  /** The server's `+`: the next literal goes out, a challenge is answered, or IDLE has begun. */
  continued(text: string, frameText: string): void {
    const waiting = this.inFlight.find((c) => c.pieces.length > 0 || c.respond !== undefined || c.idling !== undefined);
    if (waiting?.idling !== undefined && waiting.pieces.length === 0) {
      this.timerArmed = false;
      this.link.setTimeout(0);
      waiting.idling();
      return;
    }
    const piece =
      waiting?.pieces.shift() ?? (waiting?.respond ? Buffer.from(`${waiting.respond(text)}\r\n`) : undefined);
    if (piece === undefined) throw new ImapProtocolError(`unexpected continuation: ${frameText.slice(0, 80)}`);
    if (Buffer.isBuffer(piece)) this.link.write(piece);
    else this.sendStreamed(waiting!, piece);
    this.pump();
  }

  /** After IDLE's DONE: its answer is awaited with the usual timeout. */
  armTimer(): void {
    this.timerArmed = true;
    this.link.setTimeout(this.timeoutMs);
  }

  /** Every command sent or queued fails with `error`, oldest first. */
  rejectAll(error: Error): void {
    const pending = [...this.inFlight, ...this.queue];
    this.inFlight = [];
    this.queue = [];
    for (const command of pending) command.reject(error);
  }

  /**
   * A literal read while it is sent, at the pace the socket takes it. The server expects exactly
   * its length: if the bytes cannot all be sent, the connection is given up.
   */
  private sendStreamed(command: PendingCommand, piece: Exclude<CommandPiece, Buffer>): void {
    command.streaming = true;
    writeStreamedPiece(piece, this.link).then(
      () => {
        command.streaming = false;
        this.pump();
      },
      (error: Error) => this.link.breakOff(error),
    );
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
    if (this.link.broken() !== undefined) return;
    const out: Buffer[] = [];
    // A command waiting for `+` owns the connection until its literals are out.
    const owned = (command: PendingCommand) => command.pieces.length > 0 || command.holds || command.streaming;
    while (this.queue.length > 0 && !this.inFlight.some(owned)) {
      const next = this.queue.shift()!;
      this.inFlight.push(next);
      // The first piece is the command's text, never a streamed literal.
      out.push(next.pieces.shift() as Buffer);
    }
    if (out.length > 0) this.link.write(out.length === 1 ? out[0]! : Buffer.concat(out));
    // No timeout while idle (a connection waiting for its next command is not a dead server).
    // Armed only on a change: the socket restarts it with every byte read anyway.
    const busy = this.inFlight.length > 0;
    if (busy !== this.timerArmed) {
      this.timerArmed = busy;
      this.link.setTimeout(busy ? this.timeoutMs : 0);
    }
  }
}
