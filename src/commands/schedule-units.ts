// What `mailkeep schedule install` writes or prints (pure): a systemd user service and timer in the
// shape of the Arch wiki's mbsync.timer, or a crontab line; both run this same mailkeep (absolute
// node and bin/mailkeep.js) with the same config file.
import { shellWord } from '../text/shell-word.js';

export const SERVICE_FILE = 'mailkeep.service';
export const TIMER_FILE = 'mailkeep.timer';
/** First line of both units: `schedule remove` deletes only files that carry it. */
export const UNIT_MARK = '# Written by `mailkeep schedule install`; `mailkeep schedule remove` deletes it.';

export interface ScheduledSync {
  /** Absolute path of node. */
  node: string;
  /** Absolute path of bin/mailkeep.js. */
  script: string;
  /** Absolute path of the config file the scheduled sync reads. */
  configPath: string;
  everyMs: number;
  /** Variables the sync needs as they are here (XDG_STATE_HOME: where the state is). */
  environment: Record<string, string>;
}

/** The command a scheduled run executes. */
export function scheduledArgv(s: ScheduledSync): string[] {
  return [s.node, s.script, 'sync', '--quiet', '-c', s.configPath];
}

/** A word for ExecStart= and Environment=: double-quoted, with `%` and `$` kept literal (systemd.service(5)). */
export function systemdWord(word: string): string {
  const escaped = word.replace(/[\\"]/g, '\\$&').replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return `"${escaped}"`;
}

/** `15min`, `90s`, `2h`: a systemd time span (systemd.time(7)). */
export function systemdSpan(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}min`;
  return `${seconds}s`;
}

export function serviceUnit(s: ScheduledSync): string {
  const environment = Object.entries(s.environment).map(([k, v]) => `Environment=${systemdWord(`${k}=${v}`)}`);
  return [
    UNIT_MARK,
    '[Unit]',
    'Description=mailkeep: back up mail accounts (mailkeep sync)',
    '',
    '[Service]',
    'Type=oneshot',
    ...environment,
    `ExecStart=${scheduledArgv(s).map(systemdWord).join(' ')}`,
    '',
  ].join('\n');
}

export function timerUnit(s: ScheduledSync): string {
  return [
    UNIT_MARK,
    '[Unit]',
    `Description=mailkeep: sync every ${systemdSpan(s.everyMs)}`,
    '',
    '[Timer]',
    'OnBootSec=2min',
    `OnUnitActiveSec=${systemdSpan(s.everyMs)}`,
    `Unit=${SERVICE_FILE}`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

/** The interval a timer we wrote runs at, for `schedule status`. */
export function timerInterval(unit: string): string | undefined {
  return /^OnUnitActiveSec=(\S+)$/m.exec(unit)?.[1];
}

/** A crontab line at the nearest interval cron can say (every N minutes, or N hours). */
export function crontabLine(s: ScheduledSync): string {
  const minutes = Math.max(1, Math.round(s.everyMs / 60_000));
  const when = minutes < 60 ? `*/${minutes} * * * *` : `0 */${Math.min(24, Math.round(minutes / 60))} * * *`;
  const environment = Object.entries(s.environment).map(([k, v]) => `${k}=${shellWord(v)}`);
  // cron turns an unescaped % into a newline.
  const command = [...environment, ...scheduledArgv(s).map(shellWord)].join(' ').replace(/%/g, '\\%');
  return `${when} ${command}`;
}
