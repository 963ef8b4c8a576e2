// The messages a mailbox's downloads skip, each reported once with its UID and why: a message the
// server cannot give (scope 'message'), one it sent no body for, or one a NO asking to wait left
// undownloaded on the mailbox's last attempt. The mailbox goes on; the next pass asks for them again.
import { SyncError } from './errors.js';
import { notDownloaded, refusedBodies } from './refused-bodies.js';
import type { MailboxSyncContext } from './mailbox-context.js';
import type { FetchBatch } from './plan-mailbox.js';
import type { RemoteBody } from './remote.js';

export interface SkippedMessages {
  /** How many were skipped. */
  readonly count: number;
  /** Skips `uid` for `error` (reported once). */
  skip(error: SyncError, uid: number): void;
  /** Skips the UIDs of `batch` that `bodies` hold no body for: deleted meanwhile, or unreadable. */
  skipUnanswered(batch: FetchBatch, bodies: readonly RemoteBody[]): void;
  /**
   * On the mailbox's last attempt, the NO asking to wait in `error` (refused-bodies.ts): skips the
   * UIDs of `batch` it left without a body and returns the bodies that came before it. Undefined
   * for any other error, or before the last attempt (the NO is waited out and retried).
   */
  skipRefused(error: unknown, batch: FetchBatch): RemoteBody[] | undefined;
}

export function skippedMessages(ctx: MailboxSyncContext): SkippedMessages {
  const reported = new Set<number>();
  const skip = (error: SyncError, uid: number) => {
    if (reported.has(uid)) return;
    reported.add(uid);
    ctx.notStored?.add(uid);
    reportSkipped(ctx, error, uid);
  };
  return {
    get count() {
      return reported.size;
    },
    skip,
    skipUnanswered(batch, bodies) {
      for (const uid of unanswered(batch, bodies)) skip(noBody(ctx, uid), uid);
    },
    skipRefused(error, batch) {
      const refused = ctx.lastAttempt ? refusedBodies(error, batch.uids) : undefined;
      if (refused === undefined) return undefined;
      for (const uid of unanswered(batch, refused.bodies)) {
        skip(notDownloaded(uid, refused.reason), uid);
      }
      return refused.bodies;
    },
  };
}

/** UIDs of a batch the server sent no body for (expunged meanwhile, refused, or an unreadable FETCH). */
export function unanswered(batch: FetchBatch, bodies: readonly RemoteBody[]): number[] {
  const answered = new Set(bodies.map((b) => b.uid));
  return batch.uids.filter((uid) => !answered.has(uid));
}

/** No body and no unreadable answer: the message was deleted meanwhile, not a loss. */
function noBody(ctx: MailboxSyncContext, uid: number): SyncError {
  const code = ctx.session.wasUnreadable?.(ctx.mailbox.name, uid) ? 'MESSAGE_UNREADABLE' : 'MESSAGE_GONE';
  return new SyncError(code, 'message', 'temp', `the server sent no body for UID ${uid}; skipped`);
}

function reportSkipped(ctx: MailboxSyncContext, error: SyncError, uid: number): void {
  ctx.emit({
    type: 'error',
    error: {
      code: error.code,
      scope: 'message',
      retry: error.retry,
      account: ctx.account.name,
      mailbox: ctx.mailbox.name,
      uid,
      message: error.message,
    },
    at: ctx.clock(),
  });
}
