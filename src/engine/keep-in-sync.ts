// Keeping the backup fresh between passes (the app, `mailkeep sync --watch`): a full pass every
// `everyMs` after the last full one ended, IDLE on each account's INBOX (idle-watcher.ts) whose news
// starts passes paced (pace.ts), and a pass at once when the wall clock jumps against the monotonic
// one (a suspend and resume: timers and connections slept, mail did not).
import type { AccountConfig } from '../config/types.js';
import { formatInterval } from '../config/interval.js';
import type { EngineEvent, SyncTarget } from './events.js';
import { INBOX, watchInbox, type IdleWatcher } from './idle-watcher.js';
import { pace, type Pacer } from './pace.js';
import type { RemoteConnector } from './remote.js';

export interface KeepInSyncOptions {
  /** Time between timed passes in ms; 0 = none (IDLE only). */
  everyMs: number;
  /** What the timed passes sync, and whose INBOX is watched; absent = everything. */
  targets?: SyncTarget[];
  /** Watch each account's INBOX with IDLE (default true). */
  idle?: boolean;
  /** IDLE is ended and issued again this often (default 25 min, under the servers' 30). */
  reissueIdleMs?: number;
  /** IDLE's changes start a pass at most this often (default 5 s; the first at once). */
  idleGapMs?: number;
  /** How often the wall clock is compared with the monotonic one (default 5 s). */
  clockCheckMs?: number;
  /** Monotonic milliseconds (default performance.now; it stands still while the machine sleeps). */
  monotonic?: () => number;
}

export interface KeepInSyncTools {
  accounts: AccountConfig[];
  connect: RemoteConnector;
  emit: (event: EngineEvent) => void;
  /** Wall clock (epoch ms). */
  clock: () => number;
  resync: (targets?: SyncTarget[]) => void;
  subscribe: (listener: (event: EngineEvent) => void) => () => void;
  /** A pass is running now: the countdown starts when it ends. */
  passRunning: boolean;
  backoffBaseMs?: number;
  random?: () => number;
}

/** A target that takes in the account's INBOX. */
function watchesInbox(target: SyncTarget, account: string): boolean {
  return target.account === account && (target.mailbox === undefined || target.mailbox.toUpperCase() === 'INBOX');
}

/** A jump of the wall clock against the monotonic one larger than this starts a pass. */
const CLOCK_JUMP_MS = 30_000;

const IDLE_GAP_MS = 5000;

export function keepInSync(options: KeepInSyncOptions, tools: KeepInSyncTools): { stop(): Promise<void> } {
  const { clock, emit } = tools;
  const monotonic = options.monotonic ?? (() => performance.now());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let fullPassRunning = tools.passRunning;
  const targets = options.targets;
  /** A pass of what the timed passes sync (a `G` in the app counts): the countdown starts again after it. */
  const isFull = (passTargets: SyncTarget[] | undefined) => JSON.stringify(passTargets) === JSON.stringify(targets);

  /** A pass of what is kept in sync of one account. */
  const ofAccount = (name: string): SyncTarget[] => targets?.filter((t) => t.account === name) ?? [{ account: name }];
  const resync = (chosen?: SyncTarget[]) => {
    if (!stopped) tools.resync(chosen);
  };
  const scheduleNext = () => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || options.everyMs <= 0) return;
    timer = setTimeout(() => resync(targets), options.everyMs);
    emit({ type: 'schedule', nextPassAt: clock() + options.everyMs, at: clock() });
  };
  const unsubscribe = tools.subscribe((event) => {
    if (event.type === 'pass-start' && isFull(event.targets)) {
      fullPassRunning = true;
      clearTimeout(timer);
      emit({ type: 'schedule', nextPassAt: null, at: event.at });
    } else if (event.type === 'summary' && fullPassRunning) {
      fullPassRunning = false;
      scheduleNext();
    }
  });
  if (!fullPassRunning) scheduleNext();

  const every = options.everyMs > 0 ? `a pass every ${formatInterval(options.everyMs)}` : 'passes started by hand only';
  const { watchers, pacers } = watchInboxes(options, tools, every, resync, ofAccount);

  let lastWall = clock();
  let lastMono = monotonic();
  const clockCheck = setInterval(() => {
    const wall = clock();
    const mono = monotonic();
    const jump = wall - lastWall - (mono - lastMono);
    lastWall = wall;
    lastMono = mono;
    if (Math.abs(jump) < CLOCK_JUMP_MS) return;
    emit({ type: 'clock-jump', jumpMs: jump, at: wall });
    for (const watcher of watchers) watcher.restart();
    resync(targets);
  }, options.clockCheckMs ?? 5000);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(clockCheck);
      for (const pacer of pacers) pacer.stop();
      unsubscribe();
      await Promise.all(watchers.map((w) => w.stop()));
    },
  };
}

/** An IDLE watch of each account's INBOX whose changes start passes, paced (pace.ts). */
function watchInboxes(
  options: KeepInSyncOptions,
  tools: KeepInSyncTools,
  fallback: string,
  resync: (chosen: SyncTarget[]) => void,
  ofAccount: (name: string) => SyncTarget[],
): { watchers: IdleWatcher[]; pacers: Pacer<'inbox' | 'account'>[] } {
  const targets = options.targets;
  const watched =
    options.idle === false
      ? []
      : tools.accounts.filter((account) => targets === undefined || targets.some((t) => watchesInbox(t, account.name)));
  const pacers: Pacer<'inbox' | 'account'>[] = [];
  const watchers = watched.map((account) => {
    const inbox: SyncTarget[] = [{ account: account.name, mailbox: INBOX.name }];
    const pacer = pace<'inbox' | 'account'>({
      gapMs: options.idleGapMs ?? IDLE_GAP_MS,
      run: (wheres) => resync(wheres.includes('account') ? ofAccount(account.name) : inbox),
    });
    pacers.push(pacer);
    return watchInbox({
      account,
      connect: tools.connect,
      emit: tools.emit,
      clock: tools.clock,
      reissueMs: options.reissueIdleMs ?? 25 * 60_000,
      fallback,
      onChange: (where) => pacer.push([where]),
      ...(tools.backoffBaseMs !== undefined ? { backoffBaseMs: tools.backoffBaseMs } : {}),
      ...(tools.random !== undefined ? { random: tools.random } : {}),
    });
  });
  return { watchers, pacers };
}
