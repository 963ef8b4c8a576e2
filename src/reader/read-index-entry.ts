// Side effect edge: reads only the head of one message file and builds its index row.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMaildirName } from '../maildir/index.js';
import {
  decodeBytes,
  headerBlock,
  parseHeaderLines,
  summarizeHeaders,
  unfoldHeaderLines,
} from '../mail/parse-headers.js';
import type { IndexEntry } from './types.js';

/** Headers beyond this are ignored for the index (the pager still shows them all). */
const HEAD_BYTES = 64 * 1024;

export async function readIndexEntry(maildir: string, dir: 'cur' | 'new', file: string): Promise<IndexEntry> {
  const handle = await open(join(maildir, dir, file), 'r');
  try {
    const stat = await handle.stat();
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = headerBlock(buf.subarray(0, bytesRead));
    const summary = summarizeHeaders(parseHeaderLines(unfoldHeaderLines(decodeBytes(head))));
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
    await handle.close();
  }
}
