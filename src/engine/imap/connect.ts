// Opening an authenticated IMAP session for an account: TLS with verification (tls-trust.ts),
// cleartext only on loopback or through a Tunnel, never a PREAUTH session without TLS but there.
import { performance } from 'node:perf_hooks';
import type { AccountConfig } from '../../config/types.js';
import { resolveLoginSecret, resolveUser, type CredentialOptions } from '../credentials.js';
import { SyncError } from '../errors.js';
import type { ConnectRun, RemoteConnector, RemoteSession } from '../remote.js';
import { ImapConnection } from './imap-connection.js';
import { AuthTokenRejected, authenticate, type LoginSecret } from './authenticate.js';
import { sendClientId } from './client-id.js';
import { chooseCompression, onThisMachine } from './compress-rule.js';
import { imapSession, type ServerRefusals } from './session.js';
import { tlsTrustFor } from './tls-trust.js';
import { connectStopped, unlessStopped, untilStopped } from './stop-connect.js';
import { imapWriterSession } from './writer-session.js';
import { enableUtf8Accept } from './utf8-accept.js';
import type { RemoteWriter } from '../remote-writer.js';

/** Largest literal accepted from the server: bodies above 4 MB are streamed in 1 MB chunks. */
const MAX_LITERAL_BYTES = 16 * 1024 * 1024;

export function isLoopbackHost(host: string): boolean {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:(?=127\.)/, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Refuses a cleartext login anywhere but on this machine or through a Tunnel (secure as mbsync takes it). */
export function assertTransportAllowed(account: Pick<AccountConfig, 'host' | 'tls' | 'tunnel'>): void {
  if (account.tls === 'none' && account.tunnel === undefined && !isLoopbackHost(account.host)) {
    throw new SyncError(
      'CLEARTEXT_REFUSED',
      'account',
      'final',
      `refusing cleartext login to ${account.host} (set TLS to imaps or starttls)`,
    );
  }
}

/** mbsync's Timeout: 0 waits for ever; anything else at least 5 s. */
export function connectionTimeoutMs(account: Pick<AccountConfig, 'timeoutSeconds'>): number {
  return account.timeoutSeconds === 0 ? 0 : Math.max(5, account.timeoutSeconds) * 1000;
}

export interface ConnectOptions extends ConnectRun {
  /** Log in with this instead of the account's secret (a new sign-in's token, checked as it is). */
  secret?: LoginSecret;
  /** What the server was found to refuse, shared with the account's other sessions. */
  refusals?: ServerRefusals;
}

/** What asking for the account's secret needs of the connect's options. */
const secretOptions = ({ stop, onNotice }: ConnectOptions): CredentialOptions => ({
  ...(stop ? { stop } : {}),
  ...(onNotice ? { onNotice } : {}),
});

/** A token the server rejects is replaced once (a refreshed sign-in, or PassCmd run again), then reported. */
async function logIn(
  connection: ImapConnection,
  account: AccountConfig,
  user: string,
  secret: LoginSecret,
  retry: boolean,
  options: ConnectOptions,
): Promise<void> {
  const { authMechs: mechanisms, host, port } = account;
  const attempt = (s: LoginSecret) =>
    authenticate(connection, connection.capabilities, { user, secret: s, mechanisms, host, port });
  try {
    await attempt(secret);
  } catch (error) {
    if (!retry || !(error instanceof AuthTokenRejected) || secret.kind !== 'token') throw error;
    const again = resolveLoginSecret(account, { rejectedToken: secret.token, ...secretOptions(options) });
    await attempt(await untilStopped(options.stop, host, again));
  }
}

export async function connectImap(account: AccountConfig, options: ConnectOptions = {}): Promise<RemoteSession> {
  return imapSession(await openConnection(account, options), account.host, options.refusals);
}

/**
 * connectImap for a run: the sessions of an account share what its server was found to refuse,
 * so a refusal is paid once per run, not on every pass.
 */
export function imapConnector(): RemoteConnector {
  const refusals = new Map<string, ServerRefusals>();
  return (account, run = {}) => {
    const known = refusals.get(account.name) ?? {};
    refusals.set(account.name, known);
    return connectImap(account, { ...run, refusals: known });
  };
}

/** A session that may also CREATE and APPEND (`mailkeep restore`). */
export async function connectImapWriter(account: AccountConfig, run: ConnectRun = {}): Promise<RemoteWriter> {
  return imapWriterSession(await openConnection(account, run), account.host);
}

async function openConnection(account: AccountConfig, options: ConnectOptions): Promise<ImapConnection> {
  assertTransportAllowed(account);
  const credentials = () =>
    Promise.all([resolveUser(account), options.secret ?? resolveLoginSecret(account, secretOptions(options))]);
  // Asked for while connecting; through a Tunnel only if the server wants a login (its imap binary
  // greets with PREAUTH, and such a config has no password to ask for).
  const early = account.tunnel === undefined ? credentials() : undefined;
  // A stop ends the wait for the secret (a token refresh, a PassCmd) as it ends the connect below.
  const [trust] = await untilStopped(options.stop, account.host, Promise.all([tlsTrustFor(account), early]));
  const connection = await ImapConnection.connect({
    host: account.host,
    port: account.port,
    ...(account.tunnel !== undefined ? { tunnel: account.tunnel } : {}),
    security: account.tls,
    secureContext: trust.secureContext,
    pinnedCertificates: trust.pinned,
    timeoutMs: connectionTimeoutMs(account),
    maxLiteralBytes: MAX_LITERAL_BYTES,
    ...(options.stop ? { stop: options.stop } : {}),
  });
  try {
    const abandon = () => connection.breakOff(connectStopped(account.host));
    await unlessStopped(options.stop, abandon, () => setUp(connection, account, options, () => early ?? credentials()));
  } catch (error) {
    await connection.logout();
    throw error;
  }
  return connection;
}

/** Logs in (unless PREAUTH), chooses COMPRESS, sends ID and enables UTF8=ACCEPT: what follows the greeting. */
async function setUp(
  connection: ImapConnection,
  account: AccountConfig,
  options: ConnectOptions,
  credentials: () => Promise<[string, LoginSecret]>,
): Promise<void> {
  let loginMs: number | undefined;
  if (connection.preauthenticated) {
    // PREAUTH skips STARTTLS: on anything but implicit TLS or a Tunnel it would run in cleartext.
    if (account.tls !== 'imaps' && account.tunnel === undefined) {
      throw new SyncError(
        'CLEARTEXT_REFUSED',
        'account',
        'final',
        `refusing PREAUTH on a cleartext connection to ${account.host}`,
      );
    }
  } else {
    const [user, secret] = await credentials();
    const started = performance.now();
    await logIn(connection, account, user, secret, options.secret === undefined, options);
    loginMs = performance.now() - started;
  }
  // A Tunnel is judged as a loopback address is: by how fast it answers (a local imap binary, or ssh).
  const loopback =
    account.tunnel !== undefined || isLoopbackHost(account.host) || isLoopbackHost(connection.peerAddress ?? '');
  const answerMs = Math.min(connection.greetingMs, loginMs ?? Infinity);
  const compression = chooseCompression({
    setting: account.compress,
    offered: connection.capabilities.has('COMPRESS=DEFLATE'),
    loopback,
    answerMs,
  });
  connection.transport = compression.why;
  connection.onThisMachine = onThisMachine(loopback, answerMs);
  if (compression.use) await connection.compress();
  // Pipelined with what follows; some servers (163.com) refuse EXAMINE from a client that sent none.
  if (connection.capabilities.has('ID')) sendClientId(connection);
  // Answered before any mailbox name is sent or read: it decides how names are spelled.
  await enableUtf8Accept(connection);
}
