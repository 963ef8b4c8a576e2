// `mailkeep schedule install | status | remove`: `mailkeep sync` run by a systemd user timer (the
// files written 0644 in the XDG systemd user dir and nothing elsewhere; `systemctl --user` shown,
// not run), or a crontab line printed where there are no systemd user sessions; `status` shows the
// last run as `mailkeep sync` recorded it.
import { existsSync } from 'node:fs';
import { readFile, readlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../cli-args.js';
import { formatInterval, syncEveryMs } from '../config/interval.js';
import { loadConfig, noAccountsProblem } from '../config/load-config.js';
import { stateRoot, tildify, type PathEnv } from '../config/paths.js';
import { readLastRun, type LastRun } from '../engine/last-run.js';
import { packageRoot } from '../package-info.js';
import { formatBytes } from '../text/format-bytes.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import {
  crontabLine,
  SERVICE_FILE,
  serviceUnit,
  TIMER_FILE,
  timerInterval,
  timerUnit,
  UNIT_MARK,
  type ScheduledSync,
} from './schedule-units.js';
import { makeDirectory } from '../files/make-directory.js';
import { replaceFile } from '../maildir/index.js';

export type ScheduleOptions = Omit<Extract<Command, { kind: 'schedule' }>, 'kind'>;

export interface ScheduleIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  home: string;
  /** Whether systemd user sessions are there (default: /run/systemd/system exists, systemd's own test). */
  systemd?: boolean;
}

/** Where systemd looks for a user's own units. */
export function systemdUserDir({ home, env }: PathEnv): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'systemd', 'user');
}

const START_LINE = 'systemctl --user daemon-reload && systemctl --user enable --now mailkeep.timer';

export async function runSchedule(options: ScheduleOptions, io: ScheduleIo): Promise<number> {
  const pathEnv = { home: io.home, env: io.env };
  const fail = (message: string): number => {
    io.stderr.write(`mailkeep: ${sanitizeForTerminal(message)}\n`);
    return 2;
  };
  try {
    if (options.action === 'status') return await showStatus(pathEnv, io);
    if (options.action === 'remove') return await removeUnits(pathEnv, io);
    return await install(options, pathEnv, io);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

async function install(options: ScheduleOptions, pathEnv: PathEnv, io: ScheduleIo): Promise<number> {
  const config = await loadConfig({
    configPath: options.configPath,
    ...pathEnv,
  });
  if (config.accounts.length === 0) throw new Error(noAccountsProblem(config));
  const everyMs = options.everyMs ?? syncEveryMs(config.syncEvery);
  if (everyMs === 0) throw new Error('syncEvery is 0 (never): give schedule install an --every');
  const stateHome = io.env.XDG_STATE_HOME;
  const scheduled: ScheduledSync = {
    node: process.execPath,
    script: path.join(packageRoot(), 'bin', 'mailkeep.js'),
    configPath: config.source.path,
    everyMs,
    environment: stateHome ? { XDG_STATE_HOME: stateHome } : {},
  };
  if (options.cron || !(io.systemd ?? existsSync('/run/systemd/system'))) {
    if (!options.cron)
      io.stdout.write('No systemd user session here; a crontab line instead (add it with `crontab -e`):\n');
    io.stdout.write(`${crontabLine(scheduled)}\n`);
    return 0;
  }
  const dir = systemdUserDir(pathEnv);
  makeDirectory(dir, 0o755);
  for (const [name, text] of [
    [SERVICE_FILE, serviceUnit(scheduled)],
    [TIMER_FILE, timerUnit(scheduled)],
  ] as const) {
    const file = path.join(dir, name);
    await replaceFile(file, text, { mode: 0o644 });
    io.stdout.write(`wrote ${tildify(file, io.home)}\n`);
  }
  io.stdout.write(
    `mailkeep sync every ${formatInterval(everyMs)} with ${tildify(config.source.path, io.home)}. Start it with:\n  ${START_LINE}\n`,
  );
  return 0;
}

/** Our unit file's text, or undefined when there is none (or it is not ours). */
async function ownUnit(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text?.startsWith(UNIT_MARK) ? text : undefined;
}

async function showStatus(pathEnv: PathEnv, io: ScheduleIo): Promise<number> {
  const timerFile = path.join(systemdUserDir(pathEnv), TIMER_FILE);
  const timer = await ownUnit(timerFile);
  io.stdout.write(
    timer !== undefined
      ? `installed: ${tildify(timerFile, io.home)} (every ${timerInterval(timer) ?? '?'})\n`
      : `no systemd timer installed (a crontab line is not seen from here)\n`,
  );
  const last = await readLastRun(stateRoot(pathEnv));
  io.stdout.write(last === undefined ? 'last run: none recorded yet\n' : `last run: ${describeRun(last)}\n`);
  return 0;
}

const OUTCOMES: Record<number, string> = { 0: 'all synced', 1: 'some mailboxes failed', 2: 'fatal error' };

export function describeRun(run: LastRun): string {
  const counts = `+${run.added} new ~${run.flagsUpdated} flags -${run.deleted} deleted, ${formatBytes(run.bytes)}`;
  const failed = run.mailboxesFailed > 0 ? `, ${run.mailboxesFailed} failed` : '';
  return (
    `${run.finishedAt}${run.watch ? ' (sync --watch)' : ''}, exit ${run.exitCode} (${OUTCOMES[run.exitCode] ?? 'error'}): ` +
    `${run.mailboxes} mailbox${run.mailboxes === 1 ? '' : 'es'}${failed}, ${counts}, ${run.errors} error${run.errors === 1 ? '' : 's'}`
  );
}

async function removeUnits(pathEnv: PathEnv, io: ScheduleIo): Promise<number> {
  const dir = systemdUserDir(pathEnv);
  const removed: string[] = [];
  for (const name of [TIMER_FILE, SERVICE_FILE]) {
    const file = path.join(dir, name);
    if (existsSync(file) && (await ownUnit(file)) === undefined) {
      io.stderr.write(`mailkeep: ${tildify(file, io.home)} was not written by mailkeep; left alone\n`);
      continue;
    }
    if (
      await unlink(file).then(
        () => true,
        () => false,
      )
    )
      removed.push(file);
  }
  // What `systemctl --user enable` linked, if it points at our timer.
  const wanted = path.join(dir, 'timers.target.wants', TIMER_FILE);
  if ((await readlink(wanted).catch(() => undefined)) === path.join(dir, TIMER_FILE)) {
    await unlink(wanted);
    removed.push(wanted);
  }
  if (removed.length === 0) {
    io.stdout.write(`no mailkeep timer in ${tildify(dir, io.home)}; a crontab line is removed with \`crontab -e\`\n`);
    return 0;
  }
  for (const file of removed) io.stdout.write(`removed ${tildify(file, io.home)}\n`);
  io.stdout.write(
    'Stop the running timer with:\n  systemctl --user stop mailkeep.timer && systemctl --user daemon-reload\n',
  );
  return 0;
}
