// What `mailkeep sync` prints for people: a live line on a TTY, a line per finished mailbox and the
// pass's summary on stdout, errors and notices on stderr. With --watch the process runs for days,
// its output usually going to a log: each line then starts with the local date and time.
import type { EngineEvent, SyncSummary } from '../engine/events.js';
import { skippedMessages } from '../engine/sync-pass.js';
import { formatBytes } from '../text/format-bytes.js';
import { formatClock, formatDuration, formatStamp } from '../text/format-progress.js';
import { linkedNote } from '../text/linked-note.js';
import { sanitizeForTerminal } from '../text/sanitize.js';

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
  const tty = io.stdout.isTTY === true && !options.quiet;
  const live = new Map<string, { done: number; total: number; bytes: number }>();
  let liveShown = false;
  let lastDraw = 0;
  const clearLive = () => {
    if (liveShown) io.stdout.write('\r\x1b[K');
    liveShown = false;
  };
  const drawLive = (now: number) => {
    if (!tty || now - lastDraw < 100) return;
    lastDraw = now;
    const [name, p] = [...live.entries()].at(-1) ?? [];
    if (name === undefined || p === undefined) return clearLive();
    const more = live.size > 1 ? ` (+${live.size - 1} more)` : '';
    io.stdout.write(`\r\x1b[K⟳ ${clean(name)} ${p.done}/${p.total} ${formatBytes(p.bytes)}${more}`.slice(0, 200));
    liveShown = true;
  };
  // With --watch: the time of the event the line is about.
  let stamp = '';
  const out = (line: string) => {
    clearLive();
    io.stdout.write(`${stamp}${line}\n`);
  };
  const err = (line: string) => {
    clearLive();
    io.stderr.write(`${stamp}mailkeep: ${line}\n`);
  };
  return {
    onEvent(e) {
      if (options.watch) stamp = `${formatStamp(e.at)} `;
      switch (e.type) {
        case 'mailbox-plan':
          live.set(`${e.account}/${e.mailbox}`, { done: 0, total: e.messagesToFetch, bytes: 0 });
          break;
        case 'mailbox-progress': {
          const entry = live.get(`${e.account}/${e.mailbox}`);
          if (entry) Object.assign(entry, { done: e.messagesDone, bytes: e.bytesDone });
          drawLive(e.at);
          break;
        }
        case 'mailbox-done':
          live.delete(`${e.account}/${e.mailbox}`);
          if (!options.quiet && (options.verbose || !e.upToDate)) out(mailboxLine(e));
          break;
        case 'error':
          err(
            `${clean(e.error.account)}${e.error.mailbox !== undefined ? `/${clean(e.error.mailbox)}` : ''}: ${clean(e.error.message)}`,
          );
          break;
        case 'paused':
          if (!options.quiet) err(`${clean(e.account)}: paused until ${formatClock(e.until)}: ${clean(e.reason)}`);
          break;
        case 'notice':
          // A server's [ALERT] is shown even with --quiet.
          if (!options.quiet || e.alert) {
            err(
              `${clean(e.account)}${e.mailbox !== undefined ? `/${clean(e.mailbox)}` : ''}: ${e.alert ? '[ALERT] ' : ''}${clean(e.message)}`,
            );
          }
          break;
        case 'connection':
          if (options.verbose)
            err(`${clean(e.account)}: ${e.state}${e.detail !== undefined ? `, ${clean(e.detail)}` : ''}`);
          break;
        case 'idle':
          if (options.verbose && e.state !== 'unsupported') err(`${clean(e.account)}/INBOX: IDLE ${e.state}`);
          break;
        case 'clock-jump':
          if (!options.quiet) err(`the clock jumped ${Math.round(e.jumpMs / 1000)} s (a suspend?): syncing now`);
          break;
        case 'schedule':
          if (options.verbose && e.nextPassAt !== null) err(`next pass at ${formatClock(e.nextPassAt)}`);
          break;
        case 'summary':
          for (const line of summaryLines(e.summary)) out(line);
          break;
        default:
          break;
      }
    },
    finish: clearLive,
  };
}
