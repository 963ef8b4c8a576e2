import { Text } from 'ink';
import type { ProgressSnapshot } from '../../engine/progress-snapshot.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { formatClock, formatCount, formatErrorCount, formatEta, formatRate } from '../../text/format-progress.js';
import { useTheme } from '../theme.js';
import { linkedNote } from '../../text/linked-note.js';

/** The one-line sync status, e.g. `⟳ gmail 1,234/40,000 · 12.3 MB/s · ETA 3:12 · 1 error`. */
export function statusText(s: ProgressSnapshot): string {
  const errors = s.errorCount > 0 ? formatErrorCount(s.errorCount) : undefined;
  if (!s.running) {
    if (s.pass === 0) return 'sync not started';
    const t = s.totals;
    return ['✓ synced', `+${formatCount(t.added)} new${linkedNote(t.linked)}`, newMailText(s), errors]
      .filter(Boolean)
      .join(' · ');
  }
  const busy =
    s.accounts.find((a) => a.mailboxes.some((m) => m.phase === 'fetching' || m.phase === 'checking')) ?? s.accounts[0];
  const done = busy ? busy.mailboxes.reduce((n, m) => n + m.messagesDone, 0) : 0;
  const total = busy ? busy.mailboxes.reduce((n, m) => n + m.messagesTotal, 0) : 0;
  const who = busy ? `${sanitizeForTerminal(busy.name)} ${formatCount(done)}/${formatCount(total)}` : 'starting';
  const parts = [
    `⟳ ${who}`,
    formatRate(s.totals.rateBytesPerSec),
    `ETA ${formatEta(s.totals.bytesTotal > 0 ? s.totals.etaSec : null)}`,
    errors,
  ];
  if (s.passQueued) parts.push('1 pass queued');
  return parts.filter(Boolean).join(' · ');
}

/** `new mail 14:02: 2 in work/INBOX`: the last mail stored after the first pass. */
export function newMailText(s: ProgressSnapshot): string | undefined {
  const m = s.newMail;
  if (m === undefined) return undefined;
  return `new mail ${formatClock(m.at)}: ${formatCount(m.added)} in ${sanitizeForTerminal(`${m.account}/${m.mailbox}`)}`;
}

export function StatusLine({ snapshot }: { snapshot: ProgressSnapshot }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" color={snapshot.errorCount > 0 ? theme.warn : theme.muted}>
      {statusText(snapshot)}
    </Text>
  );
}
