// Every mailbox under the given roots with its total and unread counts (from file names, or from
// the archive index where it is current).
import {
  findMaildirs,
  mailboxDisplayName,
  nearestTreeIndex,
  parseMaildirName,
  type MaildirTree,
} from '../maildir/index.js';
import { listMessageFiles } from './load-mailbox-index.js';
import type { MailboxInfo } from './types.js';
import { compareMailboxNames } from '../text/mailbox-order.js';
import { shownFileName } from '../files/byte-names.js';

/** An account's tree (with mbsync's folder prefix, the folders are named without it). */
export interface ReaderRoot extends MaildirTree {
  account: string;
  /** The account's mbsync Flatten delimiter: the sync's `a/b` is the folder `a<flatten>b`. */
  flatten?: string;
}

/**
 * `indexed`: counts of folders the archive index is current for (they need no listing). A folder
 * under two roots (mbsync's default `Inbox ~/Maildir` holding `Path ~/Maildir/gmail/`, or one
 * account's tree inside another's) is listed once, under the root nearest to it, as the index
 * names it (nearestTreeIndex).
 */
export async function listMailboxes(
  roots: ReaderRoot[],
  indexed: Map<string, { total: number; unread: number }> = new Map(),
): Promise<MailboxInfo[]> {
  const listed = await Promise.all(roots.map((root) => findMaildirs(root, undefined, { keepUndecodable: true })));
  const out: MailboxInfo[] = [];
  for (const [index, root] of roots.entries()) {
    const found = listed[index]!.filter((box) => nearestTreeIndex(roots, box.path) === index).map((box) => ({
      ...box,
      name: mailboxDisplayName(shownFileName(box.name)),
    }));
    found.sort((a, b) => compareMailboxNames(a.name, b.name));
    for (const box of found) {
      const known = indexed.get(box.path);
      const counts = known ? { total: known.total, unread: known.unread } : await countMessages(box.path);
      out.push({ account: root.account, ...box, ...counts });
    }
  }
  return out;
}

export async function countMessages(maildir: string): Promise<{ total: number; unread: number }> {
  const files = await listMessageFiles(maildir);
  const unread = files.filter((f) => !parseMaildirName(f.file).flags.includes('S')).length;
  return { total: files.length, unread };
}
