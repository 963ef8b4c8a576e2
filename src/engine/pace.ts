// Runs paced: at most one every `gapMs` (from one's start to the next's), never two at a time,
// each taking in every value pushed since the last one began (a value pushed twice, by its key,
// once). The first runs at once. A server that reports changes without end then costs one pass
// every gap, not one pass after another; the reader rescans once per interval while a sync ends
// hundreds of mailboxes a second.

export interface Pacer<T> {
  push(values: readonly T[]): void;
  stop(): void;
}

export interface PaceOptions<T> {
  gapMs: number;
  /** The next run waits until this one settles; a rejection is its own to report. */
  run: (values: T[]) => Promise<void> | void;
  /** Values of one key are one (default: the value as a string). */
  key?: (value: T) => string;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export function pace<T>(options: PaceOptions<T>): Pacer<T> {
  const key = options.key ?? String;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  const pending = new Map<string, T>();
  let running = false;
  let stopped = false;
  let lastStart = -Infinity;
  let timer: unknown;

  const kick = (): void => {
    if (stopped || running || timer !== undefined || pending.size === 0) return;
    const wait = lastStart + options.gapMs - now();
    if (wait > 0) {
      timer = setTimer(() => {
        timer = undefined;
        kick();
      }, wait);
      return;
    }
    const values = [...pending.values()];
    pending.clear();
    running = true;
    lastStart = now();
    Promise.resolve(options.run(values))
      .catch(() => undefined)
      .finally(() => {
        running = false;
        kick();
      });
  };

  return {
    push(values) {
      if (stopped) return;
      for (const value of values) pending.set(key(value), value);
      kick();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
