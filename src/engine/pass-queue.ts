// One pass at a time: a resync asked for while one runs queues exactly one more (the targets of
// both merged); a stop drops the queued pass, cuts the running one's waits short and resolves once
// it has ended.
import type { SyncSummary, SyncTarget } from './events.js';
import { createSleeper } from './sleeper.js';

/** What a pass is given to wait with: its sleeps end, and none starts, once a stop is asked for. */
export interface PassPacing {
  sleep: (ms: number) => Promise<void>;
  isStopping: () => boolean;
}

export interface PassQueue {
  resync(targets: SyncTarget[] | undefined): void;
  /** The summary of the next pass to end. */
  whenIdle(): Promise<SyncSummary>;
  /** Drops the queued pass and waits for the running one to end (none running: at once). */
  stop(): Promise<void>;
  readonly running: boolean;
}

/** Merge queued targets: undefined (= everything) absorbs any specific list. */
function mergeTargets(a: SyncTarget[] | undefined, b: SyncTarget[] | undefined): SyncTarget[] | undefined {
  if (a === undefined || b === undefined) return undefined;
  return [...a, ...b];
}

export function createPassQueue(
  runOne: (targets: SyncTarget[] | undefined, pacing: PassPacing) => Promise<SyncSummary>,
): PassQueue {
  let running = false;
  let stopping = false;
  let queued: { targets: SyncTarget[] | undefined } | null = null;
  let idleWaiters: ((summary: SyncSummary) => void)[] = [];
  let stopWaiters: (() => void)[] = [];
  const isStopping = () => stopping;
  const { sleep, wakeAll } = createSleeper(isStopping);

  async function runPass(targets: SyncTarget[] | undefined): Promise<void> {
    running = true;
    const summary = await runOne(targets, { sleep, isStopping });
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve(summary);
    running = false;
    const next = stopping ? null : queued;
    queued = null;
    if (next !== null) {
      void runPass(next.targets);
      return;
    }
    stopping = false;
    const stopped = stopWaiters;
    stopWaiters = [];
    for (const resolve of stopped) resolve();
  }

  return {
    resync(targets) {
      if (running) {
        queued = queued === null ? { targets } : { targets: mergeTargets(queued.targets, targets) };
        return;
      }
      void runPass(targets);
    },
    whenIdle() {
      return new Promise<SyncSummary>((resolve) => idleWaiters.push(resolve));
    },
    async stop() {
      if (!running) return;
      stopping = true;
      queued = null;
      wakeAll();
      await new Promise<void>((resolve) => stopWaiters.push(resolve));
    },
    get running() {
      return running;
    },
  };
}
