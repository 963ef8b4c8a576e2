// Typed, one-line errors of the Maildir store, each with its code, how far it reaches (scope) and
// whether a retry may help (never, here), as the engine's error events carry them.
import { DanglingLinkError } from '../files/make-directory.js';
import { safeJsonStringify } from '../text/safe-json.js';
import { errnoWords } from '../text/errno-words.js';

export type MaildirErrorCode = 'DISK_FULL' | 'IO';

/** A failed write/rename/unlink in a Maildir; the message names the path and never has a stack for the user. */
export class MaildirError extends Error {
  override readonly name = 'MaildirError';
  /** A full disk stops the account, as does what every mailbox of it would meet; any other failure costs the mailbox being written. */
  readonly scope: 'account' | 'mailbox';

  constructor(
    readonly code: MaildirErrorCode,
    readonly path: string,
    message: string,
    options?: { cause?: unknown; scope?: 'account' },
  ) {
    super(message, options);
    this.scope = options?.scope ?? (code === 'DISK_FULL' ? 'account' : 'mailbox');
  }

  readonly retry = 'final';
}

/**
 * A server mailbox name that cannot be mapped safely onto the local tree. It fails its mailbox on
 * every pass (mbsync skips such a name with a warning, exit 0): the message says how to end that.
 */
export class MailboxNameError extends Error {
  override readonly name = 'MailboxNameError';
  readonly code = 'MAILBOX_NAME';
  readonly scope = 'mailbox';
  readonly retry = 'final';
  constructor(
    readonly mailbox: string,
    reason: string,
  ) {
    const pattern = mailbox.length < MAX_SHOWN ? ` ${quoteName(`!${mailbox}`)}` : ' ! and its name';
    super(
      `mailbox ${quoteName(mailbox)} cannot be stored locally: ${reason} ` +
        `(rename it on the server, or leave it out with the pattern${pattern})`,
    );
  }
}

const MAX_SHOWN = 80;

/** JSON-quoted, with C1 controls and bidi overrides escaped too, cut to fit one line. */
export function quoteName(name: string): string {
  const shown = name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}…` : name;
  return safeJsonStringify(shown);
}

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);
// A read-only file system (EROFS) refuses every mailbox's writes alike: it stops the account.

const GERUND = {
  write: 'writing',
  rename: 'renaming',
  remove: 'removing',
  create: 'creating',
  sync: 'syncing',
  list: 'listing',
} as const;

export type MaildirAction = keyof typeof GERUND;

/** Wraps a Node fs error: `disk full writing /x/tmp/…` or `cannot write /x/tmp/…: permission denied (EACCES)`. */
export function toMaildirError(error: unknown, action: MaildirAction, path: string): MaildirError {
  if (error instanceof MaildirError) return error;
  if (error instanceof DanglingLinkError) {
    return new MaildirError('IO', path, `cannot ${action} ${path}: ${error.message}`, { cause: error });
  }
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno && DISK_FULL_CODES.has(errno)) {
    return new MaildirError('DISK_FULL', path, `disk full ${GERUND[action]} ${path}`, { cause: error });
  }
  const scope = errno === 'EROFS' ? { scope: 'account' as const } : {};
  return new MaildirError('IO', path, `cannot ${action} ${path}: ${errnoWords(errno)}`, { cause: error, ...scope });
}

/** Runs one fs operation, turning its failure into a MaildirError naming `target`. */
export async function attempt<T>(action: MaildirAction, target: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toMaildirError(error, action, target);
  }
}

export function attemptSync<T>(action: MaildirAction, target: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toMaildirError(error, action, target);
  }
}
