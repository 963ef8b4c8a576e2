// Side effect edge: reads only the head of one message file and builds its index row. Synchronous
// on purpose: a first open reads tens of thousands of heads, and a sync read is a few times
// cheaper than a trip through the thread pool (the caller reads in slices and yields between).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { fsPath } from '../files/byte-names.js';
import { parseMaildirName } from '../maildir/index.js';
import {
  decodeHeaderBlock,
  headerBlock,
  withLineFeeds,
  parseHeaderLines,
  summarizeHeaders,
  unfoldHeaderLines,
} from '../mail/parse-headers.js';
import type { IndexEntry } from './types.js';

/** Headers beyond this are ignored for the index (the pager still shows them all). */
export const HEAD_BYTES = 64 * 1024;
/** Most header blocks end well within this; only longer ones cost a second read. */
const FIRST_READ = 8 * 1024;

/** `buf` (at least HEAD_BYTES) is scratch space, reused from one file to the next. */
export function readIndexEntry(maildir: string, dir: 'cur' | 'new', file: string, buf: Buffer): IndexEntry {
  const fd = openSync(fsPath(join(maildir, dir, file)), 'r');
  try {
    const stat = fstatSync(fd);
    const want = Math.min(HEAD_BYTES, stat.size);
    let got = readSync(fd, buf, 0, Math.min(FIRST_READ, want), 0);
    if (got < want && headerBlock(buf.subarray(0, got)).length === got) {
      for (let n = 1; n > 0 && got < want; got += n) n = readSync(fd, buf, got, want - got, got);
    }
    const head = headerBlock(withLineFeeds(buf.subarray(0, got)));
    const summary = summarizeHeaders(parseHeaderLines(unfoldHeaderLines(decodeHeaderBlock(head))));
    return {
      file,
      dir,
      size: stat.size,
      flags: parseMaildirName(file).flags,
      date: summary.date ?? stat.mtimeMs,
      from: summary.from,
      to: summary.to,
      subject: summary.subject,
      messageId: summary.messageId,
      references: summary.references,
    };
  } finally {
    closeSync(fd);
  }
}
