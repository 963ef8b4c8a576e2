// One place turns anything thrown during a sync into a SyncErrorInfo with a code, a scope and a
// retry class, like isync's DRV_*_BAD / FAIL_* taxonomy: they decide what is skipped, what backs
// off, and the exit code. The engine's and the stores' own errors carry theirs; the IMAP
// connection's depend on what the server said; Node's are looked up by errno.
import { LockError } from './account-lock.js';
import { CredentialError } from './credentials.js';
import type { ErrorScope, RetryClass, SyncErrorCode, SyncErrorInfo } from './events.js';
import { ImapCommandError, ImapConnectionError } from './imap/imap-errors.js';
import { ImapProtocolError } from './imap/protocol-error.js';
import { MailboxNameError, MaildirError } from '../maildir/index.js';
import { BodiesBeforeLoss } from './remote.js';
import { errnoWords } from '../text/errno-words.js';

/** An error the engine raises itself, already classified. */
export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly scope: ErrorScope,
    readonly retry: RetryClass,
    message: string,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/** Costs one message only: it is skipped and reported, the mailbox goes on (isync's DRV_MSG_BAD). */
export function isMessageError(error: unknown): error is SyncError {
  return error instanceof SyncError && error.scope === 'message';
}

export interface ErrorContext {
  account: string;
  mailbox?: string;
  host?: string;
}

/** Classes that carry their own code, scope and retry class. */
const SELF_CLASSIFIED = [SyncError, CredentialError, LockError, MaildirError, MailboxNameError] as const;

type Class = [SyncErrorCode, ErrorScope, RetryClass];

/** Node's errno codes (sockets, DNS, files) that are not a bug. */
const ERRNO: Readonly<Record<string, Class>> = {
  ENOSPC: ['DISK_FULL', 'account', 'final'],
  EDQUOT: ['DISK_FULL', 'account', 'final'],
  ENOTFOUND: ['HOST_NOT_FOUND', 'account', 'final'],
  ECONNRESET: ['CONNECTION', 'account', 'wait'],
  EPIPE: ['CONNECTION', 'account', 'wait'],
  ETIMEDOUT: ['CONNECTION', 'account', 'wait'],
  ECONNREFUSED: ['CONNECTION', 'account', 'wait'],
  EHOSTUNREACH: ['CONNECTION', 'account', 'wait'],
  ENETUNREACH: ['CONNECTION', 'account', 'wait'],
  EAI_AGAIN: ['CONNECTION', 'account', 'wait'],
};
/** mbsync's shape: `cannot connect to HOST (ADDRESS:PORT): REASON` while connecting, `connection to HOST lost: REASON` after. */
function networkFailure(e: NodeJS.ErrnoException & { address?: string; port?: number }, host: string): string {
  const reason = errnoWords(e.code);
  if (e.syscall === 'getaddrinfo') return `cannot resolve ${host}: ${reason}`;
  if (e.syscall !== 'connect') return `connection to ${host} lost: ${reason}`;
  const address = e.address === undefined ? '' : ` (${e.address}${e.port === undefined ? '' : `:${e.port}`})`;
  return `cannot connect to ${host}${address}: ${reason}`;
}

/** Node's and OpenSSL's certificate and handshake codes. */
const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;
// Gmail's BYE [OVERQUOTA] / "System Error", Dovecot's [UNAVAILABLE], throttling and connection caps.
const BUSY_TEXT =
  /OVERQUOTA|THROTTLED|UNAVAILABLE|LIMIT|system error|too many (simultaneous )?connections|try again later/i;

// Microsoft 365 takes a login whose mailbox it then does not open (IMAP turned off for the user, a
// token for another user): each command after it is `BAD User is authenticated but not
// connected`. imapflow reports a failed login; so does mailkeep, for the account, not per mailbox.
const NOT_CONNECTED = /User is authenticated but not connected/i;

/** A refusal that says the server is busy, throttled or over quota: the account waits and retries. */
export function asksToWait(error: ImapCommandError): boolean {
  return BUSY_TEXT.test(`${error.serverResponseCode ?? ''} ${error.responseText} ${error.message}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Classify anything thrown into the event the engine reports. */
export function classifyError(error: unknown, ctx: ErrorContext): SyncErrorInfo {
  if (error instanceof BodiesBeforeLoss) return classifyError(error.cause, ctx);
  const where = { account: ctx.account, ...(ctx.mailbox !== undefined ? { mailbox: ctx.mailbox } : {}) };
  const info = ([code, scope, retry]: Class, message: string): SyncErrorInfo => ({
    code,
    scope,
    retry,
    ...where,
    message: oneLine(message),
  });
  if (SELF_CLASSIFIED.some((type) => error instanceof type)) {
    const own = error as InstanceType<(typeof SELF_CLASSIFIED)[number]>;
    return info([own.code, own.scope, own.retry], own.message);
  }
  const host = ctx.host ?? 'the server';
  // Outside a mailbox, what would cost a mailbox costs the account.
  const mailboxOr = ctx.mailbox !== undefined ? 'mailbox' : 'account';
  if (error instanceof ImapProtocolError) return info(['PROTOCOL', mailboxOr, 'wait'], `${host}: ${error.message}`);
  if (error instanceof ImapCommandError) {
    // Gmail answers LOGIN with NO [LIMIT] / [UNAVAILABLE] when busy: that is a wait, not a bad password.
    const said = error.responseText || error.message;
    if (asksToWait(error)) return info(['SERVER_BUSY', 'account', 'wait'], `${host} asked to wait: ${said}`);
    if (error.authenticationFailed) {
      return info(['AUTH_FAILED', 'account', 'final'], `login to ${host} failed: ${said}`);
    }
    if (NOT_CONNECTED.test(said)) {
      const why = 'it took the login but opened no mailbox for the user (is IMAP on for them?)';
      return info(['AUTH_FAILED', 'account', 'final'], `login to ${host} failed: ${why}: ${said}`);
    }
    if (ctx.mailbox !== undefined) {
      return info(['MAILBOX_FAILED', 'mailbox', 'final'], `server refused ${ctx.mailbox}: ${said}`);
    }
    return info(['UNEXPECTED', 'account', 'final'], said);
  }
  if (error instanceof ImapConnectionError) {
    const said = error.responseText || error.message;
    return BUSY_TEXT.test(said)
      ? info(['SERVER_BUSY', 'account', 'wait'], `${host} asked to wait: ${said}`)
      : info(['CONNECTION', 'account', 'wait'], `connection to ${host} lost: ${said}`);
  }
  const e: NodeJS.ErrnoException = error instanceof Error ? error : new Error(String(error));
  const known = e.code !== undefined ? ERRNO[e.code] : undefined;
  if (known?.[0] === 'HOST_NOT_FOUND') return info(known, `cannot resolve ${host}`);
  if (known?.[0] === 'CONNECTION') return info(known, networkFailure(e, host));
  if (known !== undefined) return info(known, e.message);
  if (e.code !== undefined && TLS_CODES.test(e.code)) {
    return info(['TLS_CERT', 'account', 'final'], `TLS with ${host} failed: ${e.message}`);
  }
  return info(['UNEXPECTED', mailboxOr, 'final'], e.message || 'unknown error');
}
