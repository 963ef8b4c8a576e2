// What a NO to restore's APPEND or CREATE means for the run. About the request (the message too
// big, unparsable, a folder name refused): it costs that message or folder. About the server's
// state (busy, throttled): wait and retry, as sync does. About the target account's quota (RFC
// 5530 [OVERQUOTA], Dovecot's "Quota exceeded (mailbox for user is full)", Exchange's "Mailbox is
// full"): every message after it would be refused alike, so the run stops sending there. Dovecot
// answers a message bigger than the whole quota in the same words: where the server has QUOTA
// (RFC 9208), its numbers tell the two apart (size over the limit: the message; usage + size over
// it: the account). Without QUOTA only [TOOBIG] and [LIMIT] (RFC 4469, 5530) say "the message";
// an [OVERQUOTA] or quota words are taken as a full account, as the numbers cannot say otherwise
// and one refusal per remaining message (mbsync's way) would hide the cause and cost the uploads.
import { formatCount } from '../text/format-progress.js';
import { SyncError } from './errors.js';
import { ImapCommandError } from './imap/imap-errors.js';
import type { QuotaStorage } from './remote-writer.js';

/** A NO that is about the server's state, not about the message: wait and retry, as sync does. */
const BUSY = /UNAVAILABLE|THROTTLED|INUSE|SERVERBUG|try again later|too many/i;
/** The response codes of such a NO (RFC 5530). */
const BUSY_CODE = /^(UNAVAILABLE|THROTTLED|INUSE|SERVERBUG)$/;
/** Codes that say what is wrong with the request, whatever the text (`[LIMIT] Too many mailboxes`). */
const REQUEST_CODE = /^(LIMIT|OVERQUOTA|TOOBIG|CANNOT|PARSE|NOPERM|BADCHARSET|CONTACTADMIN|NONEXISTENT)$/;
/** Gmail's `[OVERQUOTA] Account exceeded command or bandwidth limits`: throttled for a while, not full. */
const THROTTLED_QUOTA = /bandwidth|command/i;
/** How servers without [OVERQUOTA] (or with [LIMIT]) say the account's storage is used up. */
const QUOTA_WORDS = /quota|mailbox (for user )?is full|storage (limit|space)|out of (storage|space)/i;

/**
 * A NO or BAD about this request (a message too big, over quota, unparsable; a CREATE over the
 * number of folders allowed): its response code decides (`[LIMIT] Too many mailboxes` is one),
 * else its text. [TRYCREATE] is about the folder: it is gone.
 */
export function isRefusal(error: unknown): error is ImapCommandError {
  if (!(error instanceof ImapCommandError)) return false;
  const code = error.serverResponseCode;
  if (code === 'TRYCREATE') return false;
  if (code !== undefined && BUSY_CODE.test(code)) return false;
  if (code === 'OVERQUOTA' && THROTTLED_QUOTA.test(error.responseText)) return false;
  // Another code ([ALERT], a server's own) tells nothing: the text decides, as without one.
  return (code !== undefined && REQUEST_CODE.test(code)) || !BUSY.test(error.responseText);
}

/**
 * A refusal for the account's quota, not for the message: [OVERQUOTA], or quota words with any
 * other code but [TOOBIG] (a message over the server's size limit, however it is worded).
 */
export function isQuotaRefusal(error: unknown): error is ImapCommandError {
  if (!isRefusal(error)) return false;
  const code = error.serverResponseCode;
  if (code === 'OVERQUOTA') return true;
  return code !== 'TOOBIG' && QUOTA_WORDS.test(error.responseText);
}

/**
 * The quota root a message of `size` bytes could never fit in, however empty: a quota refusal of
 * it is about the message, not a full account (usage + size over the limit is the account).
 */
export function exceededRoot(size: number, roots: readonly QuotaStorage[]): QuotaStorage | undefined {
  return roots.find((root) => size > root.limitBytes);
}

/** Why a message bigger than the whole quota was not restored. */
export function biggerThanQuota(size: number, root: QuotaStorage, said: string): string {
  const sizes = `${formatCount(size)} bytes, the quota is ${formatCount(root.limitBytes)}`;
  return `bigger than the account's whole quota: ${sizes} (${said})`;
}

/** The target refused an APPEND or a CREATE for its quota: nothing more is sent to it this run. */
export class TargetOverQuota extends SyncError {
  constructor(
    /** The source folder it stopped in. */
    readonly folder: string,
    /** The file refused, relative to the source tree; none when the folder could not be created. */
    readonly file: string | undefined,
    /** What the server said. */
    readonly said: string,
  ) {
    super('OVER_QUOTA', 'account', 'final', said);
    this.name = 'TargetOverQuota';
  }
}
