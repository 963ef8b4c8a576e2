import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { SyncSummary } from '../../engine/events.js';
import type { AccountProgress, ProgressSnapshot } from '../../engine/progress-snapshot.js';
import { displayWidth, truncateToWidth } from '../../text/display-width.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { formatBytes } from '../../text/format-bytes.js';
import {
  formatCount,
  formatDuration,
  formatErrorCount,
  formatEta,
  formatRate,
  progressBar,
} from '../../text/format-progress.js';
import { useTheme } from '../theme.js';
import { newMailText } from './StatusLine.js';
import { accountFailed, accountState } from './table-lines.js';
import { linkedNote } from '../../text/linked-note.js';
import { HEADER_LINES, type HeaderLine } from './sync-layout.js';

interface Props {
  snapshot: ProgressSnapshot;
  /** The lines that fit (sync-layout.ts); all four when omitted. */
  lines?: readonly HeaderLine[];
  width: number;
  now: number;
}

function passLine(s: ProgressSnapshot, now: number): string {
  if (s.pass === 0) return s.running ? 'starting…' : 'not synced yet';
  const start = s.startedAt ?? now;
  const elapsed = formatDuration(((s.running ? now : (s.endedAt ?? now)) - start) / 1000);
  const parts = s.running
    ? [`syncing · pass ${s.pass}`, `elapsed ${elapsed}`]
    : [`pass ${s.pass} finished in ${elapsed}`];
  if (!s.running && s.summary) parts.push(outcome(s, s.summary));
  if (s.passQueued) parts.push('1 pass queued');
  const newMail = newMailText(s);
  if (!s.running && newMail !== undefined) parts.push(newMail);
  if (!s.running && s.nextPassAt !== undefined)
    parts.push(`next pass in ${formatDuration(Math.max(0, s.nextPassAt - now) / 1000)}`);
  return parts.join(' · ');
}

function plural(n: number, word: string, words: string): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** `all mailboxes synced`, or what failed: whole accounts first, then single mailboxes. */
function outcome(s: ProgressSnapshot, summary: SyncSummary): string {
  const failedAccounts = s.accounts.filter(accountFailed).map((a) => a.name);
  const ofFailedAccount = (entry: string) =>
    failedAccounts.some((name) => entry === name || entry.startsWith(`${name}:`));
  const failedMailboxes = summary.mailboxesFailed.filter((entry) => !ofFailedAccount(entry)).length;
  const parts = [
    ...(failedAccounts.length > 0 ? [`${plural(failedAccounts.length, 'account', 'accounts')} failed`] : []),
    ...(failedMailboxes > 0 ? [`${plural(failedMailboxes, 'mailbox', 'mailboxes')} failed`] : []),
  ];
  return parts.length > 0 ? parts.join(' · ') : 'all mailboxes synced';
}

/** The account's INBOX watch, while kept in sync. */
function idleNote(a: AccountProgress): string {
  if (a.idle === 'watching') return a.idleAllMailboxes === true ? ' · IDLE (all mailboxes)' : ' · IDLE';
  if (a.idle === 'reconnecting') return ' · IDLE reconnecting';
  if (a.idle === 'unsupported') return ' · no IDLE';
  return '';
}

/** The fewest cells an account's text is cut to, to stay recognisable. */
const MIN_SHARE = 12;

/**
 * The accounts' texts cut to fit `width` together: short ones whole, the long ones (a server's
 * error) sharing what is left, so one long error cannot hide the accounts after it.
 */
function fitTogether(texts: readonly string[], width: number, gap: number): string[] {
  let room = width - gap * (texts.length - 1);
  let left = texts.length;
  const caps: number[] = [];
  const byWidth = texts.map((text, i) => ({ i, cells: displayWidth(text) })).sort((a, b) => a.cells - b.cells);
  for (const { i, cells } of byWidth) {
    const share = Math.max(MIN_SHARE, Math.floor(room / left));
    caps[i] = Math.min(cells, share);
    room -= caps[i];
    left -= 1;
  }
  return texts.map((text, i) => truncateToWidth(text, caps[i]!));
}

function Connections({ accounts, width }: { accounts: readonly AccountProgress[]; width: number }) {
  const theme = useTheme();
  if (accounts.length === 0) return <Text color={theme.muted}>no accounts yet</Text>;
  const texts = accounts.map((a) => `${sanitizeForTerminal(a.name)}: ${accountState(a)}${idleNote(a)}`);
  const fitted = fitTogether(texts, width, 2);
  return (
    <Text wrap="truncate-end" color={theme.muted}>
      {accounts.map((a, i) => (
        <Text key={a.name} color={accountFailed(a) ? theme.error : undefined}>
          {`${i > 0 ? '  ' : ''}${fitted[i]}`}
        </Text>
      ))}
    </Text>
  );
}

export function SyncHeader({ snapshot: s, lines = HEADER_LINES, width, now }: Props) {
  const theme = useTheme();
  const t = s.totals;
  const fraction =
    t.bytesTotal > 0 ? t.bytesDone / t.bytesTotal : t.mailboxes > 0 ? t.mailboxesFinished / t.mailboxes : 0;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const barWidth = Math.max(10, Math.min(30, width - 60));
  const drawn: Record<HeaderLine, () => ReactNode> = {
    pass: () => (
      <Text key="pass" wrap="truncate-end">
        <Text bold color={theme.accent}>
          mailkeep
        </Text>{' '}
        {passLine(s, now)}
      </Text>
    ),
    progress: () => (
      <Text key="progress" wrap="truncate-end">
        <Text color={theme.ok}>{progressBar(fraction, barWidth)}</Text>
        {`${percent} · ${t.mailboxesFinished}/${t.mailboxes} mailboxes · ${formatCount(t.messagesDone)}/${formatCount(t.messagesTotal)} msgs · ${formatBytes(t.bytesDone)}/${formatBytes(t.bytesTotal)}`}
      </Text>
    ),
    totals: () => (
      <Text key="totals" wrap="truncate-end">
        {`rate ${formatRate(t.rateBytesPerSec)} · ETA ${s.running && t.bytesTotal > 0 ? formatEta(t.etaSec) : '-'} · +${formatCount(t.added)} new${linkedNote(t.linked)} ~${formatCount(t.flagsUpdated)} flags -${formatCount(t.deleted)} deleted · `}
        <Text color={s.errorCount > 0 ? theme.error : undefined}>{formatErrorCount(s.errorCount)}</Text>
      </Text>
    ),
    connections: () => <Connections key="connections" accounts={s.accounts} width={width} />,
  };
  return (
    <Box flexDirection="column" width={width} height={lines.length}>
      {lines.map((line) => drawn[line]())}
    </Box>
  );
}
