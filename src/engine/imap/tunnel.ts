// mbsync's Tunnel: the connection is a shell command's stdin and stdout (`ssh host
// /usr/lib/dovecot/imap`, a local Dovecot's imap binary) instead of TCP to Host:Port. As mbsync
// does, the command gets one end of a socket pair as both; the other end is an ordinary
// net.Socket here, so TLS, timeouts and reads work as on TCP. Node makes no socket pairs: a UNIX
// socket in a private directory, connected once and removed at once, is one.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SyncError } from '../errors.js';
import { ImapConnectionError } from './imap-errors.js';

/** What the command wrote to stderr last, kept to name why it failed. */
const STDERR_KEPT_BYTES = 2000;
/** How long a failed connection waits to learn why its command ended (it exits just after closing). */
const EXIT_WAIT_MS = 1000;
/** A command still running this long after its connection closed is stopped. */
const EXIT_GRACE_MS = 5000;

/** How a tunnel's command ended: what to say, and whether it ended well (status 0). */
interface Ending {
  text: string;
  clean: boolean;
}

/** How each tunnel's command ended, once it has. */
const endings = new WeakMap<net.Socket, Promise<Ending>>();

export async function openTunnel(command: string): Promise<net.Socket> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailkeep-tunnel-'));
  let pair: [net.Socket, net.Socket];
  try {
    pair = await socketPair(path.join(dir, 'socket'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // Nothing is awaited from here on: the caller listens to the socket before any event of it (a
  // command that fails at once has closed it by the next turn of the event loop).
  const [ours, theirs] = pair;
  const child = spawn('/bin/sh', ['-c', command], { stdio: [theirs, theirs, 'pipe'] });
  // The command holds its own copies of the descriptor.
  theirs.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (stderr = (stderr + text).slice(-STDERR_KEPT_BYTES)));
  const ended = new Promise<Ending>((resolve) => {
    child.once('error', (error) =>
      resolve({ text: `the tunnel command could not be started (${error.message})`, clean: false }),
    );
    child.once('close', (code, signal) => resolve(ending(code, signal, stderr)));
  });
  endings.set(ours, ended);
  ours.once('close', () => {
    // A command that outlives its connection (one that never reads its stdin, or whose own child
    // keeps stderr open after it is stopped) must not keep mailkeep from exiting.
    child.unref();
    (child.stderr as net.Socket).unref(); // a pipe is a socket in Node
    setTimeout(() => child.kill(), EXIT_GRACE_MS).unref();
  });
  return ours;
}

/** A TLS socket over a tunnel: what its command says when it fails is told for this socket too. */
export function overTunnel(secure: net.Socket, tunnel: net.Socket): net.Socket {
  const ended = endings.get(tunnel);
  if (ended !== undefined) endings.set(secure, ended);
  return secure;
}

/**
 * How the command behind a tunnel's socket ended, once its connection has closed: a command closes
 * its end just before its exit is known, so this waits for that a little (EXIT_WAIT_MS; undefined
 * if it has not ended by then, or the socket is not a tunnel's).
 */
async function commandEnding(socket: net.Socket): Promise<Ending | undefined> {
  const ended = endings.get(socket);
  if (ended === undefined) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), EXIT_WAIT_MS)));
  return Promise.race([ended, waited]).finally(() => clearTimeout(timer));
}

/**
 * The error a connection through a tunnel failed with while it was set up, or the command's own
 * ending when that is why (a status of 0 too). Not retried: it is a setting to fix (ssh cannot
 * reach the host, a wrong path), as a host not found is.
 */
export async function explainTunnelError(socket: net.Socket, error: unknown): Promise<unknown> {
  const end = await commandEnding(socket);
  // A command that ended well explains only a connection that broke (it ended first); after a
  // refusal or timeout of ours it ends because we hung up.
  if (end === undefined || (end.clean && !connectionBroke(error))) return error;
  return new SyncError('CONNECTION', 'account', 'final', end.text);
}

/**
 * A connection through a tunnel that broke once set up: when its command ended badly, what it
 * said, as the connection's error. Undefined at once for another socket or another error.
 */
export function tunnelBreak(socket: net.Socket, error: Error): Promise<Error> | undefined {
  if (!endings.has(socket) || !connectionBroke(error)) return undefined;
  return commandEnding(socket).then((end) =>
    end !== undefined && !end.clean ? new ImapConnectionError('EConnectionClosed', end.text) : error,
  );
}

function ending(code: number | null, signal: NodeJS.Signals | null, stderr: string): Ending {
  const said = stderr.trim().split('\n').at(-1)?.trim();
  const how = signal !== null ? `was stopped by ${signal}` : `exited with status ${code}`;
  return { text: `the tunnel command ${how}${said ? `: ${said}` : ''}`, clean: code === 0 };
}

/** The other end went away: closed without a BYE, or reset. */
function connectionBroke(error: unknown): boolean {
  if (error instanceof ImapConnectionError)
    return error.code === 'EConnectionClosed' && error.responseText === undefined;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

async function socketPair(address: string): Promise<[net.Socket, net.Socket]> {
  // Paused: the accepted end is only handed to the command, never read here.
  const server = net.createServer({ pauseOnConnect: true });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address, resolve);
    });
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const ours = net.connect(address);
    await new Promise<void>((resolve, reject) => {
      ours.once('connect', resolve);
      ours.once('error', reject);
    });
    return [ours, await accepted];
  } finally {
    server.close();
  }
}
