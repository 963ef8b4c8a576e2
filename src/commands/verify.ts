// `mailkeep verify` (arguments parsed by src/cli-args.ts): is the backup complete? One line per
// problem on stdout naming account, mailbox, UID and file; a line per mailbox and a summary.
// Exit 0 = complete, 1 = something missing or differing, 2 = could not verify (all or part).
import type { Command } from '../cli-args.js';
import type { VerifyEvent, VerifyTotals } from '../engine/verify/verify-events.js';
import { verifyAccounts } from '../engine/verify/verify-accounts.js';
import { formatBytes } from '../text/format-bytes.js';
import { formatClock, formatEta, formatRate } from '../text/format-progress.js';
import { safeJsonStringify } from '../text/safe-json.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { noAccountsProblem } from '../config/load-config.js';
import { loadCommandConfig, resolveTargets, type SyncIo } from './sync.js';

export type VerifyCommand = Extract<Command, { kind: 'verify' }>;

const clean = (text: string) => sanitizeForTerminal(text).replace(/\s+/g, ' ');

export async function runVerify(command: VerifyCommand, io: SyncIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`mailkeep: ${clean(message)}\n`);
    return 2;
  };
  const config = await loadCommandConfig(command.configPath, io);
  if (typeof config === 'string') return fail(config);
  if (config.accounts.length === 0) return fail(noAccountsProblem(config));
  const targets = resolveTargets(command.targets, config);
  if (typeof targets === 'string') return fail(targets);
  const printer = command.json ? jsonPrinter(io) : humanPrinter(io);
  const result = await verifyAccounts({
    accounts: config.accounts,
    targets,
    deep: command.deep,
    emit: printer.onEvent,
    ...(io.engine?.connect !== undefined ? { connect: io.engine.connect } : {}),
  });
  printer.finish(result, result.exitCode);
  return result.exitCode;
}

interface Printer {
  onEvent: (event: VerifyEvent) => void;
  finish: (totals: VerifyTotals, exitCode: number) => void;
}

function jsonPrinter(io: SyncIo): Printer {
  return {
    onEvent: (event) => io.stdout.write(`${safeJsonStringify(event)}\n`),
    finish: (totals, exitCode) =>
      io.stdout.write(`${safeJsonStringify({ type: 'verify-summary', ...totals, exitCode })}\n`),
  };
}

const where = (e: { account: string; mailbox?: string }) =>
  `${clean(e.account)}${e.mailbox !== undefined ? `/${clean(e.mailbox)}` : ''}`;

/** The one line a verify event prints, if any (progress is drawn apart). */
export function verifyLine(event: VerifyEvent): string | undefined {
  switch (event.type) {
    case 'verify-problem': {
      const file = event.file !== undefined ? ` ${clean(event.file)}` : '';
      const what = {
        missing: 'missing locally',
        damaged: `damaged:${file} is not the size it was stored with (truncated, changed or deleted)`,
        differs: `differs:${file} is not the server's message (SHA-256)`,
      }[event.kind];
      return `${where(event)}: UID ${event.uid} ${what}`;
    }
    case 'verify-note':
      return `${where(event)}: ${clean(event.message)}`;
    case 'mailbox-verified': {
      const v = event.verification;
      const faults = [v.missing > 0 ? `${v.missing} missing` : '', v.differing > 0 ? `${v.differing} differing` : ''];
      const state = faults.filter(Boolean).join(', ') || 'complete';
      const extra = v.extra > 0 ? `, ${v.extra} kept (archive)` : '';
      return `${where(event)}: ${v.server} on the server, ${v.stored} stored${extra}: ${state}${v.deep ? ' (deep)' : ''}`;
    }
    default:
      return undefined;
  }
}

function humanPrinter(io: SyncIo): Printer {
  const tty = io.stdout.isTTY === true;
  let liveShown = false;
  let started = { key: '', at: 0 };
  const clearLive = () => {
    if (liveShown) io.stdout.write('\r\x1b[K');
    liveShown = false;
  };
  const drawLive = (e: Extract<VerifyEvent, { type: 'verify-progress' }>) => {
    const key = `${e.account}/${e.mailbox}`;
    if (started.key !== key) started = { key, at: e.at };
    if (!tty) return;
    const seconds = (e.at - started.at) / 1000;
    const rate = seconds > 0 ? e.bytesDone / seconds : 0;
    const eta = rate > 0 ? (e.bytesTotal - e.bytesDone) / rate : null;
    const progress = `${e.messagesDone}/${e.messagesTotal} ${formatBytes(e.bytesDone)}/${formatBytes(e.bytesTotal)}`;
    io.stdout.write(`\r\x1b[K⟳ ${where(e)} ${progress} ${formatRate(rate)} ETA ${formatEta(eta)}`.slice(0, 200));
    liveShown = true;
  };
  return {
    onEvent: (event) => {
      if (event.type === 'verify-progress') return drawLive(event);
      clearLive();
      if (event.type === 'error') {
        io.stderr.write(`mailkeep: ${where(event.error)}: ${clean(event.error.message)}\n`);
        return;
      }
      if (event.type === 'paused') {
        io.stderr.write(
          `mailkeep: ${where(event)}: paused until ${formatClock(event.until)}: ${clean(event.reason)}\n`,
        );
        return;
      }
      const line = verifyLine(event);
      if (line !== undefined) io.stdout.write(`${line}\n`);
    },
    finish: (totals, exitCode) => {
      clearLive();
      const faults = [`${totals.missing} missing`, `${totals.differing} differing`];
      const failed = totals.failed > 0 ? `, ${totals.failed} not verified` : '';
      const verdict = exitCode === 0 ? 'complete' : faults.join(', ') + failed;
      const s = totals.mailboxes === 1 ? '' : 'es';
      const gone = totals.gone > 0 ? `; ${totals.gone} gone from the server, kept` : '';
      io.stdout.write(
        `verified ${totals.mailboxes} mailbox${s}: ${totals.server} messages on the server, ${verdict}${gone}\n`,
      );
    },
  };
}
