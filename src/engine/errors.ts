// One place turns anything thrown during a sync (the IMAP connection, TLS, sockets, the Maildir store,
// credentials, locks) into a SyncErrorInfo with a scope and a retry class, like isync's
// DRV_*_BAD / FAIL_* taxonomy. Those decide what is skipped, what backs off, and the exit code.
import type { ErrorScope, RetryClass, SyncErrorInfo } from './events.js';

/** An error the engine raises itself, already classified. */
export class SyncError extends Error {
  constructor(
    readonly code: string,
    readonly scope: ErrorScope,
    readonly retry: RetryClass,
    message: string,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export interface ErrorContext {
  account: string;
  mailbox?: string;
  host?: string;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseText?: string;
  responseStatus?: string;
  serverResponseCode?: string;
  reason?: string;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;
const NETWORK_CODES = new Set([
  'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ETIMEOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'NoConnection', 'EConnectionClosed',
  'ClosedAfterConnectText', 'ClosedAfterConnectTLS', 'ETHROTTLE',
]);
// Gmail's BYE [OVERQUOTA] / "System Error", Dovecot's [UNAVAILABLE], throttling and connection caps.
const BUSY_TEXT = /OVERQUOTA|THROTTLED|UNAVAILABLE|LIMIT|system error|too many (simultaneous )?connections|try again later/i;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function serverText(e: ErrorLike): string {
  return oneLine(e.responseText || e.reason || e.message || 'unknown error');
}

/** Classify anything thrown into the event the engine reports. */
export function classifyError(error: unknown, ctx: ErrorContext): SyncErrorInfo {
  const e: ErrorLike = typeof error === 'object' && error !== null ? (error as ErrorLike) : { message: String(error) };
  const where = { account: ctx.account, ...(ctx.mailbox !== undefined ? { mailbox: ctx.mailbox } : {}) };
  const host = ctx.host ?? 'the server';
  const info = (code: string, scope: ErrorScope, retry: RetryClass, message: string): SyncErrorInfo => ({
    code, scope, retry, ...where, message: oneLine(message),
  });

  if (error instanceof SyncError) return info(error.code, error.scope, error.retry, error.message);
  if (e.name === 'CredentialError') return info('CREDENTIALS', 'account', 'final', e.message ?? 'cannot get the password');
  if (e.name === 'LockError') return info('LOCKED', 'account', 'final', e.message ?? 'account is locked');
  if (e.name === 'MailboxNameError') return info('MAILBOX_NAME', 'mailbox', 'final', e.message ?? 'invalid mailbox name');
  if (e.name === 'MaildirError') {
    return e.code === 'DISK_FULL'
      ? info('DISK_FULL', 'account', 'final', e.message ?? 'disk full')
      : info('IO', 'mailbox', 'final', e.message ?? 'cannot write the Maildir');
  }
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return info('DISK_FULL', 'account', 'final', e.message ?? 'disk full');
  const text = `${e.serverResponseCode ?? ''} ${e.responseText ?? ''} ${e.reason ?? ''} ${e.message ?? ''}`;
  // Gmail answers LOGIN with NO [LIMIT] / [UNAVAILABLE] when busy: that is a wait, not a bad password.
  if (e.authenticationFailed && !BUSY_TEXT.test(text)) {
    return info('AUTH_FAILED', 'account', 'final', `login to ${host} failed: ${serverText(e)}`);
  }
  if (e.tlsFailed || (e.code !== undefined && TLS_CODES.test(e.code))) {
    return info('TLS_CERT', 'account', 'final', `TLS with ${host} failed: ${e.message ?? e.code}`);
  }
  if (e.code === 'ENOTFOUND') return info('HOST_NOT_FOUND', 'account', 'final', `cannot resolve ${host}`);
  if (BUSY_TEXT.test(text)) return info('SERVER_BUSY', 'account', 'wait', `${host} asked to wait: ${serverText(e)}`);
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) {
    return info('CONNECTION', 'account', 'wait', `connection to ${host} lost: ${serverText(e)}`);
  }
  // A reply we cannot read: the connection is dropped; a fresh one may do better, a few times.
  if (e.code === 'EPROTOCOL') return info('PROTOCOL', ctx.mailbox !== undefined ? 'mailbox' : 'account', 'wait', `${host}: ${e.message ?? 'unreadable reply'}`);
  if (ctx.mailbox !== undefined && (e.responseStatus === 'NO' || e.responseStatus === 'BAD')) {
    return info('MAILBOX_FAILED', 'mailbox', 'final', `server refused ${ctx.mailbox}: ${serverText(e)}`);
  }
  return info('UNEXPECTED', ctx.mailbox !== undefined ? 'mailbox' : 'account', 'final', serverText(e));
}
