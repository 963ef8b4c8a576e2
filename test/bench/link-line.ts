// The network line the link relay emulates (pure, clock passed in): a profile (round trip and
// rate), one direction of the line shared by every connection, and the count of request→response
// turns. Times are in milliseconds.

export interface LinkProfile {
  /** As written on the command line, e.g. `40ms/50mbit`. */
  name: string;
  rttMs: number;
  /** Each way, shared by all connections. */
  mbitPerSecond: number;
}

/** `--link profiles`: a home line near the provider, and one to another continent. */
export const STANDARD_LINKS = ['40ms/50mbit', '150ms/20mbit'] as const;

export function parseLinkProfile(text: string): LinkProfile {
  const match = /^(\d+(?:\.\d+)?)ms\/(\d+(?:\.\d+)?)mbit$/i.exec(text.trim());
  const rttMs = Number(match?.[1]);
  const mbitPerSecond = Number(match?.[2]);
  if (!match || !(mbitPerSecond > 0))
    throw new Error(`--link wants <round trip>ms/<rate>mbit (e.g. 40ms/50mbit), not '${text}'`);
  return { name: `${rttMs}ms/${mbitPerSecond}mbit`, rttMs, mbitPerSecond };
}

/** Bytes the line carries per millisecond, each way. */
export function bytesPerMs(profile: LinkProfile): number {
  return (profile.mbitPerSecond * 1e6) / 8 / 1000;
}

/**
 * One direction of the line, as a pipe: a piece is serialized at the line's rate after the
 * pieces sent before it (of any connection), and arrives half a round trip after its last byte
 * left. The bottleneck's buffer holds one bandwidth × delay product (the usual rule of thumb, at
 * least 64 KB): beyond it the senders are paused, as TCP would slow them down.
 */
export class LineDirection {
  private freeAt = 0;
  /** Time the line stood empty between the first piece sent (since the last reset) and the latest. */
  private idle = 0;
  private carrying = false;
  readonly bufferBytes: number;
  private readonly rate: number;

  /** `onGap(start, ms)`: each stretch the line stood empty, as it ends (for a log of where idle time falls). */
  constructor(
    private readonly profile: LinkProfile,
    private readonly onGap?: (start: number, ms: number) => void,
  ) {
    this.rate = bytesPerMs(profile);
    this.bufferBytes = Math.max(64 * 1024, Math.round(this.rate * profile.rttMs));
  }

  /** Queues `bytes` sent at `now`; returns when they are all at the far end. */
  send(bytes: number, now: number): number {
    if (this.carrying && now > this.freeAt) {
      this.idle += now - this.freeAt;
      this.onGap?.(this.freeAt, now - this.freeAt);
    }
    this.carrying = true;
    const start = Math.max(now, this.freeAt);
    this.freeAt = start + bytes / this.rate;
    return this.freeAt + this.profile.rttMs / 2;
  }

  /** Milliseconds the line stood empty while a transfer was under way: what a sender left unused. */
  idleMs(): number {
    return this.idle;
  }

  resetIdle(): void {
    this.idle = 0;
    this.carrying = false;
  }

  /** Bytes queued at `now` that have not left yet. */
  backlog(now: number): number {
    return Math.max(0, (this.freeAt - now) * this.rate);
  }

  full(now: number): boolean {
    return this.backlog(now) > this.bufferBytes;
  }

  /** When the backlog is down to the buffer again. */
  roomAt(): number {
    return this.freeAt - this.bufferBytes / this.rate;
  }
}

/**
 * Round trips of one connection: a client burst that starts while nothing is on its way to the
 * client (the client waited for everything it asked for), answered by the server. A command sent
 * while an answer still streams in (pipelined) costs no round trip and is not counted.
 */
export class TurnCounter {
  turns = 0;
  private waiting = false;

  clientSent(bytesOnTheWayToClient: number): void {
    if (bytesOnTheWayToClient === 0) this.waiting = true;
  }

  serverSent(): void {
    if (!this.waiting) return;
    this.turns += 1;
    this.waiting = false;
  }
}

/** Round trips a session pays before its first command: TCP, TLS 1.3, the greeting after it, login. */
export const HANDSHAKE_ROUND_TRIPS = 4;

/**
 * The least time the line needs for a sync that moved these bytes: the busier direction at the
 * line's rate, plus the handshake's round trips and the one of the sync's first command.
 */
export function lineLimitSeconds(profile: LinkProfile, bytes: { up: number; down: number }): number {
  const transfer = Math.max(bytes.up, bytes.down) / bytesPerMs(profile);
  return (transfer + (HANDSHAKE_ROUND_TRIPS + 1) * profile.rttMs) / 1000;
}
