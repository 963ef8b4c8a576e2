// At most one run every `gapMs`: the first at once, a later one when the gap since the last run
// is over, with everything pushed meanwhile. A server that reports changes without end (the same
// FETCH of flags on every keepalive) then costs one pass every gap, not one pass after another.

export interface Pacer<T> {
  push(value: T): void;
  stop(): void;
}

export function pace<T>(gapMs: number, run: (values: T[]) => void, now = () => performance.now()): Pacer<T> {
  let lastRun = -Infinity;
  let waiting: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const flush = () => {
    timer = undefined;
    lastRun = now();
    const values = waiting;
    waiting = [];
    run(values);
  };
  return {
    push(value) {
      if (stopped) return;
      waiting.push(value);
      if (timer !== undefined) return;
      const wait = lastRun + gapMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
