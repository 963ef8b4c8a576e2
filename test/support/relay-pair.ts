// A client connection and its upstream in a test relay (fault proxy, Gmail personality): an error
// or close on either side ends both, once; and the relay's listening socket.
import type { Server, Socket } from 'node:net';

export interface RelayPair {
  readonly closed: boolean;
  /** Ends the client's side (after `last`, e.g. a `* BYE`) and drops the upstream. */
  shut: (last?: Buffer | string) => void;
}

/** Watches both sockets; each leaves `open` once it closes. */
export function pairSockets(client: Socket, upstream: Socket, open: Set<Socket>): RelayPair {
  open.add(client).add(upstream);
  let closed = false;
  const shut = (last?: Buffer | string) => {
    closed = true;
    if (last === undefined) client.end();
    else client.end(last);
    upstream.destroy();
  };
  for (const socket of [client, upstream]) {
    socket.on('error', () => shut());
    socket.on('close', () => {
      open.delete(socket);
      if (!closed) shut();
    });
  }
  return {
    get closed() {
      return closed;
    },
    shut,
  };
}

/** Starts a relay's server on a free port of 127.0.0.1 and returns the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}
