// Which mailboxes the background sync changed on disk between two published progress snapshots.
// The store publishes at most every ~100 ms, so one look can span several events: a mailbox row
// that is a new object and ends 'done' with changes (or failed) was written; when a new pass began in
// between, a mailbox still unfinished at the last look may have ended and been reset unseen, so it
// counts too (a refresh too many is cheap, one too few leaves stale mail on screen).
import type { MailboxProgress, ProgressSnapshot } from '../../engine/progress-snapshot.js';

export interface MailboxRef {
  account: string;
  /** The engine's name: UTF-8, `/`-separated. */
  mailbox: string;
}

const UNFINISHED = new Set<MailboxProgress['phase']>(['queued', 'checking', 'fetching', 'paused']);

/** Done with changes, or failed (a pass that fails part way may have stored some messages). */
function mayHaveWritten(m: MailboxProgress, old: MailboxProgress | undefined): boolean {
  if (m.phase === 'error') return old?.phase !== 'error';
  return m.phase === 'done' && m.added + m.deleted + m.flagsUpdated > 0;
}

export function changedMailboxes(previous: ProgressSnapshot, next: ProgressSnapshot): MailboxRef[] {
  const newPass = next.pass !== previous.pass;
  const changed: MailboxRef[] = [];
  for (const account of next.accounts) {
    const before = previous.accounts.find((a) => a.name === account.name);
    const beforeByName = new Map(before?.mailboxes.map((m) => [m.name, m]));
    for (const m of account.mailboxes) {
      const old = beforeByName.get(m.name);
      const finishedNow = m !== old && mayHaveWritten(m, old);
      const endedUnseen = newPass && old !== undefined && UNFINISHED.has(old.phase) && m !== old;
      if (finishedNow || endedUnseen) changed.push({ account: account.name, mailbox: m.name });
    }
  }
  return changed;
}
