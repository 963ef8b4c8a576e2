// COMPRESS=DEFLATE (RFC 4978): raw deflate both ways from the byte after the server's OK. Every
// write is flushed (Z_SYNC_FLUSH), so a command never waits inside the compressor for more.
import type net from 'node:net';
import zlib from 'node:zlib';
import { waitForDrain } from './literal-stream.js';

export interface CompressedLink {
  /** Compresses and sends. */
  write(data: Buffer): void;
  /** Compressed bytes from the socket; what they inflate to goes to `onData`. */
  receive(data: Buffer): void;
  /** Resolves once what was written so far has left the compressor (and is written to the socket). */
  flushed(): Promise<void>;
  /** Resolves once the compressor and the socket have room again. */
  drained(): Promise<void>;
  destroy(): void;
}

export function compressedLink(
  socket: net.Socket,
  onData: (data: Buffer) => void,
  onError: (error: Error) => void,
): CompressedLink {
  const flush = zlib.constants.Z_SYNC_FLUSH;
  const deflate = zlib.createDeflateRaw();
  const inflate = zlib.createInflateRaw({ flush, finishFlush: flush });
  deflate.on('data', (chunk: Buffer) => socket.write(chunk));
  inflate.on('data', (chunk: Buffer) => {
    try {
      onData(chunk);
    } catch (error) {
      onError(error as Error);
    }
  });
  deflate.on('error', onError);
  inflate.on('error', onError);
  return {
    write(data) {
      deflate.write(data);
      deflate.flush(flush);
    },
    receive(data) {
      inflate.write(data);
    },
    flushed() {
      return new Promise((resolve) => deflate.flush(flush, () => resolve()));
    },
    async drained() {
      await waitForDrain(deflate);
      await waitForDrain(socket);
    },
    destroy() {
      deflate.destroy();
      inflate.destroy();
    },
  };
}
