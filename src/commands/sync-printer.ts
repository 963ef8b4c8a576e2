// What `mailkeep sync` prints for people: a live line on a TTY, a line per finished mailbox and the
// pass's summary on stdout, errors and notices on stderr. With --watch the process runs for days,
// its output usually going to a log: each line then starts with the local date and time.
import type { EngineEvent, SyncSummary } from '../engine/events.js';
import { skippedMessages } from '../engine/sync-pass.js';
import { formatBytes } from '../text/format-bytes.js';
import { formatClock, formatDuration, formatStamp } from '../text/format-progress.js';
import { linkedNote } from '../text/linked-note.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { syncLiveLine } from './sync-live-line.js';

export interface PrinterOptions {
  quiet?: boolean;
  verbose?: boolean;
  watch?: boolean;
}

export interface PrinterIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

const clean = (text: string) => sanitizeForTerminal(text);

function mailboxLine(e: Extract<EngineEvent, { type: 'mailbox-done' }>): string {
  return `${clean(e.account)}/${clean(e.mailbox)} +${e.added}${linkedNote(e.linked)} ~${e.flagsUpdated} -${e.deleted} ${formatBytes(e.bytes)}`;
}

export function summaryLines(s: SyncSummary): string[] {
  const lines = [
    `${s.mailboxes} mailbox${s.mailboxes === 1 ? '' : 'es'} in ${s.accounts} account${s.accounts === 1 ? '' : 's'}: ` +
      `+${s.added}${linkedNote(s.linked)} ~${s.flagsUpdated} -${s.deleted}, ${formatBytes(s.bytes)} in ${formatDuration(Math.round(s.elapsedMs / 1000))}`,
  ];
  if (s.mailboxesFailed.length > 0) lines.push(`failed: ${s.mailboxesFailed.map(clean).join(', ')}`);
  const skipped = skippedMessages(s.errors);
  if (skipped > 0) lines.push(`skipped: ${skipped} message${skipped === 1 ? '' : 's'} not stored (see the errors)`);
  return lines;
}

/** Human output: live line on a TTY, a line per finished mailbox, errors on stderr. */
export function humanPrinter(
  options: PrinterOptions,
  io: PrinterIo,
): { onEvent(e: EngineEvent): void; finish(): void } {
  const live = syncLiveLine(io.stdout, io.stdout.isTTY === true && !options.quiet);
  // With --watch: the time of the event the line is about.
  let stamp = '';
  const out = (line: string) => {
    live.clear();
    io.stdout.write(`${stamp}${line}\n`);
  };
  const err = (line: string) => {
    live.clear();
    io.stderr.write(`${stamp}mailkeep: ${line}\n`);
  };
  return {
    onEvent(e) {
      if (options.watch) stamp = `${formatStamp(e.at)} `;
      live.follow(e);
      if (e.type === 'mailbox-done') {
        if (!options.quiet && (options.verbose || !e.upToDate)) out(mailboxLine(e));
      } else if (e.type === 'summary') {
        for (const line of summaryLines(e.summary)) out(line);
      } else {
        const line = stderrLine(e, options);
        if (line !== undefined) err(line);
      }
    },
    finish: () => live.clear(),
  };
}

/** What goes to stderr for an event, given --quiet and --verbose; undefined for nothing. */
function stderrLine(e: EngineEvent, options: PrinterOptions): string | undefined {
  switch (e.type) {
    case 'error':
      // A message deleted on the server while the pass fetched it is no loss (mbsync says nothing):
      // a big expunge during a pass made a line each.
      if (e.error.code === 'MESSAGE_GONE' && !options.verbose) return undefined;
      return `${clean(e.error.account)}${e.error.mailbox !== undefined ? `/${clean(e.error.mailbox)}` : ''}: ${clean(e.error.message)}`;
    case 'paused':
      if (options.quiet) return undefined;
      return `${clean(e.account)}: paused until ${formatClock(e.until)}: ${clean(e.reason)}`;
    case 'notice':
      // A server's [ALERT], and what asks the user to act, are shown even with --quiet.
      if (options.quiet && !e.alert && !e.urgent) return undefined;
      return `${clean(e.account)}${e.mailbox !== undefined ? `/${clean(e.mailbox)}` : ''}: ${e.alert ? '[ALERT] ' : ''}${clean(e.message)}`;
    case 'connection':
      if (!options.verbose) return undefined;
      return `${clean(e.account)}: ${e.state}${e.detail !== undefined ? `, ${clean(e.detail)}` : ''}`;
    case 'idle':
      return options.verbose && e.state !== 'unsupported' ? `${clean(e.account)}/INBOX: IDLE ${e.state}` : undefined;
    case 'clock-jump':
      return options.quiet ? undefined : `the clock jumped ${Math.round(e.jumpMs / 1000)} s (a suspend?): syncing now`;
    case 'schedule':
      return options.verbose && e.nextPassAt !== null ? `next pass at ${formatClock(e.nextPassAt)}` : undefined;
    default:
      return undefined;
  }
}
