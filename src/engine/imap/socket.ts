// Opening the socket of an IMAP connection: cleartext, implicit TLS, or a STARTTLS upgrade, with
// certificate verification and a timeout on connecting; over TCP or through a Tunnel command.
import net from 'node:net';
import tls from 'node:tls';
import type { ImapConnectOptions } from './connection-types.js';
import { SyncError } from '../errors.js';
import { ImapConnectionError } from './imap-errors.js';
import { refusedPeer } from './pinned-certificates.js';
import type { SocketInbox } from './socket-inbox.js';
import { connectStopped } from './stop-connect.js';
import { explainTunnelError, openTunnel, overTunnel } from './tunnel.js';

/** With `inbox`, an implicit-TLS socket's reads go there instead of to 'data' events. */
export async function openSocket(options: ImapConnectOptions, inbox?: SocketInbox): Promise<net.Socket> {
  if (options.tunnel !== undefined) {
    const tunnel = await openTunnel(options.tunnel);
    if (options.security === 'imaps') {
      return upgradeSocket(tunnel, options).then(
        (secure) => overTunnel(secure, tunnel),
        async (error: unknown) => {
          throw await explainTunnelError(tunnel, error);
        },
      );
    }
    // As a TCP socket has it from connecting: the greeting must come within the timeout.
    tunnel.setTimeout(options.timeoutMs);
    return tunnel;
  }
  return new Promise((resolve, reject) => {
    const secure = options.security === 'imaps';
    const socket = secure
      ? tls.connect({
          host: options.host,
          port: options.port,
          ...verification(options),
          ...(inbox ? { onread: inbox.onread } : {}),
        })
      : net.connect({ host: options.host, port: options.port });
    settleConnect(socket, secure ? 'secureConnect' : 'connect', options, resolve, reject);
  });
}

export function upgradeSocket(plain: net.Socket, options: ImapConnectOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    plain.removeAllListeners('timeout');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    // Errors of the plain socket surface through the TLS socket from here on.
    plain.on('error', () => undefined);
    const secure = tls.connect({ socket: plain, host: options.host, ...verification(options) });
    settleConnect(secure, 'secureConnect', options, resolve, reject);
  });
}

function settleConnect(
  socket: net.Socket,
  event: 'connect' | 'secureConnect',
  options: ImapConnectOptions,
  resolve: (socket: net.Socket) => void,
  reject: (error: Error) => void,
): void {
  socket.setNoDelay(true);
  socket.setTimeout(options.timeoutMs);
  const onError = (error: Error) => {
    options.stop?.removeEventListener('abort', onAbort);
    socket.destroy();
    reject(error);
  };
  const onAbort = () => onError(connectStopped(options.host));
  const onTimeout = () =>
    onError(
      new ImapConnectionError(
        'CONNECT_TIMEOUT',
        `no answer from ${options.host}:${options.port} for ${Math.round(options.timeoutMs / 1000)} s`,
      ),
    );
  if (options.stop?.aborted === true) return onAbort();
  options.stop?.addEventListener('abort', onAbort, { once: true });
  socket.once('error', onError);
  socket.once('timeout', onTimeout);
  socket.once(event, () => {
    options.stop?.removeEventListener('abort', onAbort);
    socket.off('error', onError);
    socket.off('timeout', onTimeout);
    const refused = pinningRefuses(socket, options);
    if (refused !== undefined) onError(refused);
    else resolve(socket);
  });
}

/**
 * Node's checks, unless CertificateFile holds certificates: a pinned one may have expired or name
 * another host and is still accepted (mbsync's rule), so the handshake lets every certificate
 * through and pinningRefuses decides before a byte is sent.
 */
function verification(options: ImapConnectOptions): tls.ConnectionOptions {
  const checks = pinned(options)
    ? { rejectUnauthorized: false, checkServerIdentity: () => undefined }
    : { rejectUnauthorized: true };
  return { secureContext: options.secureContext, ...checks, ...serverName(options.host) };
}

/** CertificateFile's certificates, when it holds any. */
function pinned(options: ImapConnectOptions): readonly Buffer[] | undefined {
  const certificates = options.pinnedCertificates ?? [];
  return certificates.length > 0 ? certificates : undefined;
}

function pinningRefuses(socket: net.Socket, options: ImapConnectOptions): Error | undefined {
  const certificates = pinned(options);
  if (certificates === undefined || !(socket instanceof tls.TLSSocket)) return undefined;
  return refusedPeer(socket, options.host, certificates);
}

/** SNI only for names: an IP address as server name is not allowed (RFC 6066) and Node warns about it. */
function serverName(host: string): { servername?: string } {
  return net.isIP(host) === 0 ? { servername: host } : {};
}

/**
 * Ends a socket without reading the peer's goodbye: what was written still leaves (TLS's
 * close_notify, then the FIN), and the process need not stay for the answer. Destroyed after 2 s
 * at the latest.
 */
export function hangUp(socket: net.Socket): void {
  socket.removeAllListeners('data');
  socket.resume();
  socket.end();
  socket.unref();
  setTimeout(() => socket.destroy(), 2000).unref();
}

/** STARTTLS was asked for and the server does not offer it: no login in the clear. */
export function startTlsMissing(host: string): SyncError {
  return new SyncError(
    'STARTTLS_MISSING',
    'account',
    'final',
    `${host} does not offer STARTTLS; refusing to log in without TLS (set TLS to imaps, or check the connection)`,
  );
}
