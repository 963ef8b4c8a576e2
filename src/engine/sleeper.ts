// Waits (backoff, reconnects) that a stop cuts short: none starts while stopping, `wakeAll` ends
// those pending.

export interface Sleeper {
  sleep: (ms: number) => Promise<void>;
  wakeAll: () => void;
}

export function createSleeper(isStopping: () => boolean): Sleeper {
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        if (isStopping()) return resolve();
        const entry = {
          timer: setTimeout(() => {
            timers.delete(entry);
            resolve();
          }, ms),
          resolve,
        };
        timers.add(entry);
      }),
    wakeAll: (): void => {
      for (const entry of timers) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      timers.clear();
    },
  };
}
