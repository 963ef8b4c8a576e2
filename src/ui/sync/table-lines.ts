// The mailbox table as a flat list of lines (an account header, then its mailboxes), and the
// text of each cell. Pure: the table component only lays these out.

import type { AccountProgress, MailboxProgress, ProgressSnapshot } from '../../engine/progress-snapshot.js';
import { compareMailboxNames } from '../../text/mailbox-order.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { formatBytes } from '../../text/format-bytes.js';
import { formatAge, formatClock, formatCount, formatEta, formatRate } from '../../text/format-progress.js';
import type { TableShape } from './table-scroll.js';

export type TableLine =
  { kind: 'account'; account: AccountProgress } | { kind: 'mailbox'; account: string; mailbox: MailboxProgress };

export interface TableLines {
  lines: TableLine[];
  selectable: number[];
  active: number[];
}

export type CellId = 'name' | 'state' | 'messages' | 'bytes' | 'rate' | 'eta' | 'changes' | 'verified';

export function buildTableLines(snapshot: ProgressSnapshot): TableLines {
  const result: TableLines = { lines: [], selectable: [], active: [] };
  for (const account of snapshot.accounts) {
    // An account that lists no mailbox (its login failed) is selected on its own line, for `a`.
    if (account.mailboxes.length === 0) result.selectable.push(result.lines.length);
    result.lines.push({ kind: 'account', account });
    // In the order people look for them, not the server's (Dovecot lists in no particular order).
    const mailboxes = [...account.mailboxes].sort((a, b) => compareMailboxNames(a.name, b.name));
    for (const mailbox of mailboxes) {
      const index = result.lines.length;
      result.lines.push({ kind: 'mailbox', account: account.name, mailbox });
      result.selectable.push(index);
      if (mailbox.phase === 'checking' || mailbox.phase === 'fetching') result.active.push(index);
    }
  }
  return result;
}

export function tableShape(table: TableLines, viewport: number): TableShape {
  return { lineCount: table.lines.length, selectable: table.selectable, active: table.active, viewport };
}

export function phaseLabel(m: MailboxProgress): string {
  switch (m.phase) {
    case 'uptodate':
      return 'up to date';
    case 'paused':
      return m.pausedUntil === undefined ? 'paused' : `paused until ${formatClock(m.pausedUntil)}`;
    default:
      return m.phase;
  }
}

function changesText(m: MailboxProgress): string {
  if (m.phase !== 'done' && m.phase !== 'uptodate' && m.added + m.flagsUpdated + m.deleted === 0) return '';
  return `+${formatCount(m.added)} ~${formatCount(m.flagsUpdated)} -${formatCount(m.deleted)}`;
}

/** The last verification: what it found wrong, else how long ago it found all. */
export function verifiedText(m: MailboxProgress, now: number): string {
  const v = m.verification;
  if (v === undefined) return '';
  if (v.missing > 0 && v.differing > 0) return `${formatCount(v.missing + v.differing)} faults`;
  if (v.missing > 0) return `${formatCount(v.missing)} missing`;
  return v.differing > 0 ? `${formatCount(v.differing)} differ` : formatAge(now - v.at);
}

export function mailboxCells(m: MailboxProgress, now: number): Record<CellId, string> {
  const planned = m.messagesTotal > 0 || m.phase === 'fetching' || m.phase === 'done';
  return {
    name: sanitizeForTerminal(m.name),
    state: phaseLabel(m),
    messages: planned ? `${formatCount(m.messagesDone)}/${formatCount(m.messagesTotal)}` : '',
    bytes: m.bytesDone > 0 || m.bytesTotal > 0 ? formatBytes(m.bytesDone) : '',
    rate: m.phase === 'fetching' ? formatRate(m.rateBytesPerSec) : '',
    eta: m.phase === 'fetching' ? formatEta(m.etaSec) : '',
    changes: changesText(m),
    verified: verifiedText(m, now),
  };
}

/** An account whose pass ended on an account-wide error (login, TLS, lock, disk full). */
export function accountFailed(a: AccountProgress): boolean {
  return a.ok === false && a.error !== undefined;
}

/**
 * `connected`, `reconnecting`, … or `failed: <the error>`. Between passes the pass's connection is
 * closed while an IDLE watch stays open on its own: that reads `watching`, not `closed`.
 */
export function accountState(a: AccountProgress): string {
  if (accountFailed(a)) return `failed: ${sanitizeForTerminal(a.error!)}`;
  return a.connection === 'closed' && a.idle === 'watching' ? 'watching' : a.connection;
}

/** One line about an account: connection, progress through its mailboxes, a pause. */
export function accountSummary(a: AccountProgress): string {
  const finished = a.mailboxes.filter(
    (m) => m.phase === 'done' || m.phase === 'uptodate' || m.phase === 'error',
  ).length;
  const parts = [sanitizeForTerminal(a.name), accountState(a), `${finished}/${a.mailboxes.length} mailboxes`];
  if (a.pausedUntil !== undefined) {
    const reason = a.pauseReason ? ` (${sanitizeForTerminal(a.pauseReason)})` : '';
    parts.push(`paused until ${formatClock(a.pausedUntil)}${reason}`);
  }
  if (a.ok === false && !accountFailed(a)) parts.push('finished with errors');
  return parts.join(' · ');
}
