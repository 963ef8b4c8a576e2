// The sync's V8 heaps, kept near their live size. A sync's bulk (message bodies) lives outside
// them, but V8 sizes its heaps by allocation rate: left to itself it doubles the young generation
// up to two 16 MB halves, and lets the old one grow to several times what survived the last full
// collection before it collects again (the main thread's heap reached 70 MB over 25 MB live in a
// large first sync, the peak of the process). Both flags are read each time V8 resizes a heap.
import v8 from 'node:v8';

const FLAGS = [
  // The young generation stays at its starting size (two 1 MB semi-spaces).
  '--semi-space-growth-factor=1',
  // The old generation may double what survived the last full collection (its limit's factor).
  '--heap-growing-percent=100',
];

/** Call at the start of the sync (a process-wide setting). */
export function keepHeapsSmall(): void {
  for (const flag of FLAGS) v8.setFlagsFromString(flag);
}

/**
 * V8 raises the growth factor back to its minimum of 2 whenever it sets up an isolate (a worker's
 * too): while a worker starts, the flags are set again every millisecond the event loop allows (a
 * busy sync's young generation grew to its full 32 MB in that window otherwise), and once more when
 * it runs. Call the returned function then.
 */
export function keepHeapsSmallWhileWorkerStarts(): () => void {
  const timer = setInterval(keepHeapsSmall, 1).unref();
  // A worker that never comes up does not leave it running.
  const limit = setTimeout(() => clearInterval(timer), 10_000).unref();
  return () => {
    clearInterval(timer);
    clearTimeout(limit);
    keepHeapsSmall();
  };
}
