// Reader index open on one local Maildir, in-process: cold (no index cache), then warm.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadMailboxIndex } from '../../src/reader/index.js';

export async function timeReaderOpen(
  maildir: string,
  scratch: string,
): Promise<{ coldMs: number; warmMs: number; messages: number }> {
  const cacheDir = join(scratch, 'reader-cache');
  rmSync(cacheDir, { recursive: true, force: true });
  let started = performance.now();
  const entries = await loadMailboxIndex(maildir, { cacheDir });
  const coldMs = performance.now() - started;
  started = performance.now();
  await loadMailboxIndex(maildir, { cacheDir });
  const warmMs = performance.now() - started;
  return { coldMs, warmMs, messages: entries.length };
}
