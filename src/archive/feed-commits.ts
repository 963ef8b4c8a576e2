// The index worker's writes of the sync's feed, committed in groups: one transaction stays open
// across the feed's messages until it holds `maxMessages` of them or has been open `maxDelayMs`.
// Each commit makes FTS5 write out a segment and merge segments: fewer, bigger commits cost a
// long first sync's index less CPU. What waits uncommitted is lost in a crash, and only costs a
// re-read: the rows and the folders' stamps go in the same transactions, so a folder whose rows
// are missing is never marked up to date.
// `beforeCommit` runs at the end of each transaction, before its COMMIT: the worker writes the
// text of the messages it added then (IndexWriter's held text, see write-rows.ts).
import type { IndexDb } from './index-file.js';

export interface FeedCommitLimits {
  /** Commit once the open transaction holds this many messages. */
  maxMessages: number;
  /** Commit at the latest this long after the transaction began (the reader sees the rows then). */
  maxDelayMs: number;
}

export const FEED_COMMIT_LIMITS: FeedCommitLimits = { maxMessages: 1000, maxDelayMs: 1000 };

export interface FeedCommitOptions {
  limits?: FeedCommitLimits;
  /** The transaction's last writes, before its COMMIT; a throw rolls it back. */
  beforeCommit?: () => void;
  /** After a rollback: what was kept for the transaction outside SQLite is dropped. */
  afterRollback?: () => void;
}

export class FeedCommits {
  private open = false;
  private messages = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly limits: FeedCommitLimits;

  constructor(
    private readonly db: IndexDb,
    private readonly onError: (error: unknown) => void,
    private readonly options: FeedCommitOptions = {},
  ) {
    this.limits = options.limits ?? FEED_COMMIT_LIMITS;
  }

  /**
   * Runs `write` (the writes of `messages` messages) in the open transaction, beginning one if
   * none is open. A throw rolls back everything since the last commit.
   */
  write(messages: number, write: () => void): void {
    const written = this.writeOrRollBack(() => {
      if (!this.open) this.begin();
      write();
    });
    if (!written) return;
    // SQLite rolls a transaction back by itself on a full disk or an I/O error; a write that caught
    // such an error (and told it) leaves none open. What the transaction held is gone: the next
    // write begins another, and no COMMIT is tried without one.
    if (!this.db.inTransaction) return this.rollback();
    this.messages += messages;
    if (this.messages >= this.limits.maxMessages) this.commit();
  }

  /** Commits what the open transaction holds, if any (before a refresh, or closing). */
  commit(): void {
    if (!this.open || !this.writeOrRollBack(() => this.options.beforeCommit?.())) return;
    this.end();
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      this.rolledBack();
      this.onError(error);
    }
  }

  private begin(): void {
    this.db.exec('BEGIN');
    this.open = true;
    this.timer = setTimeout(() => this.commit(), this.limits.maxDelayMs);
  }

  /** Runs `write`; a throw rolls back the open transaction and is told: false then. */
  private writeOrRollBack(write: () => void): boolean {
    try {
      write();
      return true;
    } catch (error) {
      this.rollback();
      this.onError(error);
      return false;
    }
  }

  private rollback(): void {
    if (!this.open) return;
    this.end();
    this.rolledBack();
  }

  private rolledBack(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.options.afterRollback?.();
  }

  private end(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.open = false;
    this.messages = 0;
  }
}
