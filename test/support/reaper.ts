// Cleanup that outlives the test process: a detached shell (its own session, so a kill of the test
// run's process group spares it) waits for this process to end, however it ends (SIGKILL and a
// runner's timeout included), then runs the cleanup. Helpers arm one before they start anything
// and disarm it once they cleaned up themselves. A watcher, not pid files swept at the next start:
// nothing is left behind even when no next run comes, and a sweep could not tell a dead run's
// leftovers from those of a run still going in parallel.
import { spawn } from 'node:child_process';

export interface Reaper {
  /** The cleanup ran in-process: the watcher ends without running it. */
  disarm(): void;
}

/** Quotes one word for /bin/sh. */
export function shellWord(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Arms `cleanup` (a /bin/sh command line, run once this process is gone). A zombie counts as gone:
 * a container's init may never reap it.
 */
export function armReaper(cleanup: string): Reaper {
  const state = `$(sed -n 's/^.*) \\(.\\).*/\\1/p' /proc/${process.pid}/stat 2>/dev/null)`;
  const alive = `s=${state}; [ -n "$s" ] && [ "$s" != Z ]`;
  const script = `while ${alive}; do sleep 1; done; ${cleanup}`;
  const watcher = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watcher.unref();
  let armed = true;
  return {
    disarm() {
      if (!armed) return;
      armed = false;
      watcher.kill('SIGKILL');
    },
  };
}
