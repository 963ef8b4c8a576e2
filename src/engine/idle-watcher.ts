// One IDLE connection per account, on its INBOX: a change there asks for a pass of INBOX; a cut
// reconnects with backoff and asks for a pass (what came meanwhile was not announced); a server
// without IDLE is said once, and left to the periodic passes. The connection only watches: passes
// open their own, under the account lock.
import type { AccountConfig } from '../config/types.js';
import { backoffDelay } from './backoff.js';
import { classifyError } from './errors.js';
import type { EngineEvent } from './events.js';
import { isMailboxSelected } from './patterns.js';
import type { RemoteConnector, RemoteIdle, RemoteMailbox, RemoteSession } from './remote.js';
import { createSleeper } from './sleeper.js';

export const INBOX: RemoteMailbox = { path: 'INBOX', delimiter: null, name: 'INBOX', selectable: true };

/** How long a stop waits for the server to answer DONE before the connection is simply closed. */
const STOP_WAIT_MS = 1000;

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

export function watchInbox(options: IdleWatcherOptions): IdleWatcher {
  const { account, emit, clock } = options;
  let stopped = false;
  /** Cuts in a row since the watch last started: the backoff's attempt. */
  let failures = 0;
  let session: RemoteSession | undefined;
  let idle: RemoteIdle | undefined;
  const { sleep, wakeAll } = createSleeper(() => stopped);
  const state = (to: Extract<EngineEvent, { type: 'idle' }>['state'], allMailboxes = false) =>
    emit({
      type: 'idle',
      account: account.name,
      mailbox: INBOX.name,
      state: to,
      ...(allMailboxes ? { allMailboxes } : {}),
      at: clock(),
    });

  /** Connects and idles until the connection ends; false when there is nothing to watch with. */
  const watchOnce = async (reconnected: boolean): Promise<boolean> => {
    session = await options.connect(account);
    if (stopped) return true;
    if (session.canIdle !== true || session.idle === undefined) {
      emit({
        type: 'notice',
        account: account.name,
        message: `${session.host} does not offer IDLE: new mail is seen by ${options.fallback}`,
        at: clock(),
      });
      state('unsupported');
      return false;
    }
    idle = await session.idle(INBOX, {
      reissueMs: options.reissueMs,
      onChange: (change) => options.onChange(change === 'other-mailbox' ? 'account' : 'inbox'),
    });
    state('watching', idle.allMailboxes);
    failures = 0;
    // What came while the watch was down was announced to no one: a pass of all it watches.
    if (reconnected) options.onChange(idle.allMailboxes ? 'account' : 'inbox');
    await idle.ended;
    return true;
  };

  const run = async (): Promise<void> => {
    let reconnected = false;
    while (!stopped) {
      try {
        if (!(await watchOnce(reconnected))) return;
      } catch (error) {
        if (stopped) return;
        const info = classifyError(error, { account: account.name, host: account.host });
        // A login that fails for good is the passes' to report; the watch just ends.
        if (info.retry === 'final' && info.code !== 'CONNECTION' && info.code !== 'PROTOCOL') {
          state('stopped');
          return;
        }
        state('reconnecting');
        const delay = backoffDelay(failures++, {
          ...(options.backoffBaseMs !== undefined ? { baseMs: options.backoffBaseMs } : {}),
          ...(options.random !== undefined ? { random: options.random } : {}),
        });
        await sleep(delay);
      } finally {
        idle = undefined;
        await session?.close().catch(() => undefined);
        session = undefined;
      }
      reconnected = true;
    }
  };

  const running = isMailboxSelected(INBOX.name, account.patterns) ? run() : Promise.resolve();
  return {
    restart() {
      // Closing the connection ends the idle with an error: the loop reconnects (backoff from 0).
      void session?.close().catch(() => undefined);
      wakeAll();
    },
    async stop() {
      stopped = true;
      wakeAll();
      // DONE is answered at once by a live server; a dead one must not hold up a quit.
      await Promise.race([idle?.stop(), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
      await session?.close().catch(() => undefined);
      await running;
    },
  };
}
