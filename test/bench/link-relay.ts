// A relay on 127.0.0.1 that makes loopback look like a real network line in front of a server:
// each direction delayed by half the round trip and capped at the line's rate, shared by every
// connection (link-line.ts models it). A new connection waits one round trip before it reaches the
// server (the TCP handshake). Counts bytes each way, connections and round trips (request→response
// turns) until reset. The bytes are passed on untouched (TLS and COMPRESS included).
import { createWriteStream } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { listenOnLoopback } from '../support/relay-pair.js';
import { LineDirection, TurnCounter, type LinkProfile } from './link-line.js';

export interface LinkCounts {
  connections: number;
  roundTrips: number;
  /** Client → server. */
  bytesUp: number;
  /** Server → client. */
  bytesDown: number;
  /** Server → client: time the line stood empty between the first byte and the last. */
  idleDownMs: number;
}

export interface LinkRelay {
  port: number;
  profile: LinkProfile;
  counts(): LinkCounts;
  resetCounts(): void;
  close(): Promise<void>;
}

/** Pieces the line carries: small enough that a burst arrives spread over time, as on a wire. */
const PIECE_BYTES = 16 * 1024;
/** A receiver this far behind pauses its sender (a TCP window). */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

const now = () => performance.now();

/** One direction of one connection: pieces on their way, handed to `to` when they arrive, in order. */
class DelayedPipe {
  private pieces: { at: number; data: Buffer }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  onTheWay = 0;

  constructor(
    private readonly to: Socket,
    private readonly onDelivered: () => void,
  ) {}

  push(data: Buffer, at: number): void {
    this.pieces.push({ at, data });
    this.onTheWay += data.length;
    this.arm();
  }

  /** The sender ended: `to` ends once everything on the way has arrived. */
  end(): void {
    this.ended = true;
    if (this.pieces.length === 0) this.to.end();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.pieces = [];
  }

  private arm(): void {
    if (this.timer !== undefined || this.pieces.length === 0) return;
    this.timer = setTimeout(() => this.deliver(), Math.max(0, this.pieces[0]!.at - now()));
  }

  private deliver(): void {
    this.timer = undefined;
    const t = now();
    while (this.pieces.length > 0 && this.pieces[0]!.at <= t + 0.5) {
      const { data } = this.pieces.shift()!;
      this.onTheWay -= data.length;
      if (!this.to.destroyed) this.to.write(data);
    }
    if (this.pieces.length === 0 && this.ended) this.to.end();
    this.onDelivered();
    this.arm();
  }
}

/**
 * The senders of one direction of the line. One that puts a chunk on a full line waits until the
 * line has room again; the others may still put their next chunk on it, so each sender with data
 * gets a chunk in every round, as a router's queue interleaves the flows through it. (Pausing them
 * all together let whichever socket was read first after the pause win every round, and starved
 * the others until they gave up waiting.)
 */
class SharedDirection {
  readonly line: LineDirection;
  private readonly senders = new Map<Socket, () => boolean>();
  private readonly waiting = new Set<Socket>();
  private roomTimer: NodeJS.Timeout | undefined;

  constructor(profile: LinkProfile, onGap?: (start: number, ms: number) => void) {
    this.line = new LineDirection(profile, onGap);
  }

  /** `mayRead`: whether the sender's own receiver has room (checked on resume). */
  add(sender: Socket, mayRead: () => boolean): void {
    this.senders.set(sender, mayRead);
    sender.once('close', () => {
      this.senders.delete(sender);
      this.waiting.delete(sender);
    });
  }

  /** Sends a chunk of `sender`'s over the line; returns when each piece arrives. */
  send(sender: Socket, chunk: Buffer): { data: Buffer; at: number }[] {
    const out: { data: Buffer; at: number }[] = [];
    for (let i = 0; i < chunk.length; i += PIECE_BYTES) {
      const data = chunk.subarray(i, i + PIECE_BYTES);
      out.push({ data, at: this.line.send(data.length, now()) });
    }
    if (this.line.full(now())) this.waitForRoom(sender);
    return out;
  }

  resume(sender: Socket): void {
    if (!this.waiting.has(sender) && this.senders.get(sender)?.()) sender.resume();
  }

  private waitForRoom(sender: Socket): void {
    sender.pause();
    this.waiting.add(sender);
    this.armRoomTimer();
  }

  private armRoomTimer(): void {
    if (this.roomTimer !== undefined) return;
    this.roomTimer = setTimeout(
      () => {
        this.roomTimer = undefined;
        if (this.line.full(now())) return this.armRoomTimer();
        const waited = [...this.waiting];
        this.waiting.clear();
        for (const sender of waited) this.resume(sender);
      },
      Math.max(0, this.line.roomAt() - now()),
    );
  }
}

/**
 * With MAILKEEP_BENCH_GAP_LOG=file, each stretch the line to the client stood empty is appended to
 * the file as `<start, ms since the epoch> <length ms>`, to line up with the client's own log.
 */
function gapLogger(
  file: string | undefined,
): { gap: (start: number, ms: number) => void; close: () => void } | undefined {
  if (file === undefined || file === '') return undefined;
  const out = createWriteStream(file, { flags: 'a' });
  return {
    gap: (start, ms) => out.write(`${(performance.timeOrigin + start).toFixed(1)} ${ms.toFixed(1)}\n`),
    close: () => out.end(),
  };
}

/** What every connection through the relay shares: the line's two directions, and the counts. */
interface Link {
  targetPort: number;
  profile: LinkProfile;
  up: SharedDirection;
  down: SharedDirection;
  sockets: Set<Socket>;
  counts: Omit<LinkCounts, 'idleDownMs'>;
}

export async function startLinkRelay(options: { targetPort: number; profile: LinkProfile }): Promise<LinkRelay> {
  const { profile } = options;
  const gapLog = gapLogger(process.env.MAILKEEP_BENCH_GAP_LOG);
  const zero = () => ({ connections: 0, roundTrips: 0, bytesUp: 0, bytesDown: 0 });
  const link: Link = {
    targetPort: options.targetPort,
    profile,
    up: new SharedDirection(profile),
    down: new SharedDirection(profile, gapLog?.gap),
    sockets: new Set(),
    counts: zero(),
  };
  const server = createServer((client) => acceptClient(link, client));
  const port = await listenOnLoopback(server);
  return {
    port,
    profile,
    counts: () => ({ ...link.counts, idleDownMs: Math.round(link.down.line.idleMs()) }),
    resetCounts() {
      link.counts = zero();
      link.down.line.resetIdle();
    },
    async close() {
      gapLog?.close();
      for (const socket of link.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function acceptClient(link: Link, client: Socket): void {
  link.counts.connections += 1;
  client.pause();
  link.sockets.add(client);
  let upstream: Socket | undefined;
  const closeBoth = () => {
    client.destroy();
    upstream?.destroy();
  };
  client.on('error', closeBoth);
  client.on('close', () => {
    link.sockets.delete(client);
    // Once connected, what the client sent before it closed still crosses the line (connectThrough).
    if (upstream === undefined) closeBoth();
  });
  // The TCP handshake's round trip before the server sees the connection.
  const handshake = setTimeout(() => (upstream = connectThrough(link, client, closeBoth)), link.profile.rttMs);
  client.once('close', () => clearTimeout(handshake));
}

/** The connection to the server, and the client's bytes and the server's carried over the line. */
function connectThrough(link: Link, client: Socket, closeBoth: () => void): Socket {
  const { up, down, sockets } = link;
  const turns = new TurnCounter();
  const target = connect({ host: '127.0.0.1', port: link.targetPort });
  sockets.add(target);
  target.on('error', closeBoth);
  target.on('close', () => sockets.delete(target));
  const toServer = new DelayedPipe(target, () => up.resume(client));
  const toClient = new DelayedPipe(client, () => down.resume(target));
  // A closed client (a LOGOUT sent on its way out): the line still carries what it sent, as a
  // real one delivers the bytes before a FIN; the server's answer is dropped.
  client.on('close', () => {
    toClient.stop();
    toServer.end();
  });
  target.on('drain', () => up.resume(client));
  client.on('drain', () => down.resume(target));
  up.add(client, () => target.writableLength < MAX_UNREAD_BYTES);
  down.add(target, () => client.writableLength < MAX_UNREAD_BYTES);
  client.on('data', (chunk: Buffer) => {
    link.counts.bytesUp += chunk.length;
    turns.clientSent(toClient.onTheWay);
    for (const piece of up.send(client, chunk)) toServer.push(piece.data, piece.at);
    if (target.writableLength >= MAX_UNREAD_BYTES) client.pause();
  });
  target.on('data', (chunk: Buffer) => {
    link.counts.bytesDown += chunk.length;
    const before = turns.turns;
    turns.serverSent();
    link.counts.roundTrips += turns.turns - before;
    for (const piece of down.send(target, chunk)) toClient.push(piece.data, piece.at);
    if (client.writableLength >= MAX_UNREAD_BYTES) target.pause();
  });
  client.on('end', () => toServer.end());
  target.on('end', () => toClient.end());
  target.once('connect', () => up.resume(client));
  return target;
}
