// One IDLE connection per account, on its INBOX: a change there asks for a pass of INBOX; a cut
// reconnects with backoff and asks for a pass (what came meanwhile was not announced); a server
// without IDLE is said once, and left to the periodic passes. The connection only watches: passes
// open their own, under the account lock.
import type { AccountConfig } from '../config/types.js';
import { backoffDelay, backoffOptions } from './backoff.js';
import { classifyError } from './errors.js';
import type { EngineEvent } from './events.js';
import { isMailboxSelected } from './patterns.js';
import type { RemoteConnector, RemoteIdle, RemoteMailbox, RemoteSession } from './remote.js';
import { createSleeper } from './sleeper.js';

export const INBOX: RemoteMailbox = { path: 'INBOX', delimiter: null, name: 'INBOX', selectable: true };

/** How long a stop waits for the server to answer DONE before the connection is simply closed. */
const STOP_WAIT_MS = 1000;

/** A watch that held this long was a good connection: after its cut the backoff starts over. */
const STEADY_MS = 60_000;

export interface IdleWatcherOptions {
  account: AccountConfig;
  connect: RemoteConnector;
  emit: (event: EngineEvent) => void;
  clock: () => number;
  reissueMs: number;
  backoffBaseMs?: number;
  random?: () => number;
  /** What passes there are without IDLE, for the one line that says so. */
  fallback: string;
  /** INBOX changed, or may have while the watch was down (or, with NOTIFY, another mailbox did): a pass is due. */
  onChange: (where: 'inbox' | 'account') => void;
}

export interface IdleWatcher {
  /** Drop the connection and open a new one now (after a suspend it is likely dead). */
  restart(): void;
  stop(): Promise<void>;
}

/** What the parts of a watch share: whether it is stopped, its cuts in a row, its connection and idle. */
interface WatchState {
  stopped: boolean;
  /** Cuts in a row since the watch last held STEADY_MS: the backoff's attempt. */
  failures: number;
  /** When the current connection began watching (wall clock). */
  watchingSince: number | undefined;
  session: RemoteSession | undefined;
  idle: RemoteIdle | undefined;
}

export function watchInbox(options: IdleWatcherOptions): IdleWatcher {
  const watch: WatchState = {
    stopped: false,
    failures: 0,
    watchingSince: undefined,
    session: undefined,
    idle: undefined,
  };
  const { sleep, wakeAll } = createSleeper(() => watch.stopped);
  const selected = isMailboxSelected(INBOX.name, options.account.patterns);
  const running = selected ? keepWatching(options, watch, sleep) : Promise.resolve();
  return {
    restart() {
      // Closing the connection ends the idle with an error: the loop reconnects (backoff from 0).
      void watch.session?.close().catch(() => undefined);
      wakeAll();
    },
    async stop() {
      watch.stopped = true;
      wakeAll();
      // DONE is answered at once by a live server; a dead one must not hold up a quit.
      await Promise.race([watch.idle?.stop(), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
      await watch.session?.close().catch(() => undefined);
      await running;
    },
  };
}

/** Watches connection after connection till stopped; a cut reconnects with backoff, a login failing for good ends it. */
async function keepWatching(
  options: IdleWatcherOptions,
  watch: WatchState,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const { account } = options;
  let reconnected = false;
  while (!watch.stopped) {
    try {
      if (!(await watchOnce(options, watch, reconnected))) return;
    } catch (error) {
      if (watch.stopped) return;
      const info = classifyError(error, { account: account.name, host: account.host });
      // A login that fails for good is the passes' to report; the watch just ends.
      if (info.retry === 'final' && info.code !== 'CONNECTION' && info.code !== 'PROTOCOL') {
        emitIdleState(options, 'stopped');
        return;
      }
      emitIdleState(options, 'reconnecting');
      // A connection cut soon after it began watching (a server or firewall that drops idle
      // connections at once) keeps the backoff growing: else a reconnect, and the pass each one
      // brings, came every second or two, for good.
      const since = watch.watchingSince;
      if (since !== undefined && options.clock() - since >= STEADY_MS) watch.failures = 0;
      watch.watchingSince = undefined;
      await sleep(backoffDelay(watch.failures++, backoffOptions(options)));
    } finally {
      watch.idle = undefined;
      await watch.session?.close().catch(() => undefined);
      watch.session = undefined;
    }
    reconnected = true;
  }
}

/** Connects and idles until the connection ends; false when there is nothing to watch with. */
async function watchOnce(options: IdleWatcherOptions, watch: WatchState, reconnected: boolean): Promise<boolean> {
  const { account, emit, clock } = options;
  const session = await options.connect(account);
  watch.session = session;
  if (watch.stopped) return true;
  if (session.canIdle !== true || session.idle === undefined) {
    emit({
      type: 'notice',
      account: account.name,
      message: `${session.host} does not offer IDLE: new mail is seen by ${options.fallback}`,
      at: clock(),
    });
    emitIdleState(options, 'unsupported');
    return false;
  }
  const idle = await session.idle(INBOX, {
    reissueMs: options.reissueMs,
    onChange: (change) => options.onChange(change === 'other-mailbox' ? 'account' : 'inbox'),
  });
  watch.idle = idle;
  emitIdleState(options, 'watching', idle.allMailboxes);
  watch.watchingSince = clock();
  // What came while the watch was down was announced to no one: a pass of all it watches.
  if (reconnected) options.onChange(idle.allMailboxes ? 'account' : 'inbox');
  await idle.ended;
  return true;
}

function emitIdleState(
  { account, emit, clock }: IdleWatcherOptions,
  state: Extract<EngineEvent, { type: 'idle' }>['state'],
  allMailboxes = false,
): void {
  emit({
    type: 'idle',
    account: account.name,
    mailbox: INBOX.name,
    state,
    ...(allMailboxes ? { allMailboxes } : {}),
    at: clock(),
  });
}
