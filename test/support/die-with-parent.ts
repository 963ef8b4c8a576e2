// For child processes the tests spawn with a stdin pipe: the pipe closes when the test process
// dies, however it dies, and the child then ends at once instead of syncing on by itself.
import { fstatSync } from 'node:fs';

export function dieWithParent(): void {
  const stdin = fstatSync(0);
  // Node makes a child's stdin pipe a socket pair; a shell makes a FIFO.
  if (!stdin.isFIFO() && !stdin.isSocket()) return;
  process.stdin.once('end', () => process.kill(process.pid, 'SIGKILL'));
  process.stdin.resume();
  // Reading stdin must not keep the child alive once its work is done.
  (process.stdin as unknown as { unref(): void }).unref();
}
