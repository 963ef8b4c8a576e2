// Writing a streamed literal (APPEND of a big message): its chunks as they are read, waiting for
// the socket to drain between them so memory stays bounded, and exactly the announced length.
import type { Writable } from 'node:stream';
import type { CommandPiece } from './command-args.js';
import { ImapConnectionError } from './imap-errors.js';

export interface LiteralSink {
  write(data: Buffer): void;
  /** Resolves once what was written has left for the network (or the link is gone). */
  drained(): Promise<void>;
  /** Why the connection is unusable, if it is. */
  broken(): Error | undefined;
}

export async function writeStreamedPiece(
  { literal, tail }: Exclude<CommandPiece, Buffer>,
  sink: LiteralSink,
): Promise<void> {
  let sent = 0;
  for await (const chunk of literal.chunks()) {
    const failure = sink.broken();
    if (failure !== undefined) throw failure;
    if (sent + chunk.length > literal.size) {
      sent += chunk.length;
      break;
    }
    sink.write(chunk);
    sent += chunk.length;
    await sink.drained();
  }
  if (sent !== literal.size) {
    throw new ImapConnectionError(
      'ELITERAL',
      `the ${literal.size} bytes to send changed while they were sent (${sent < literal.size ? 'fewer' : 'more'} were read)`,
    );
  }
  sink.write(tail);
}

/** Resolves when the stream has room again, or is closed. */
export function waitForDrain(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}
