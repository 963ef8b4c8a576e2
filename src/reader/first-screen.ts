// What the reader shows first, read before anything is drawn: the folder list and the first
// folder's newest page (from the archive index when it is current for the folder, else the files
// delivered last). In the first frame they spare the frames that listing and loading after mount
// would cost (and Ink's 33 ms between frames).
import { defaultIndexFile } from '../archive/index-path.js';
import { archiveAccess } from './archive-access.js';
import { listMailboxes, type ReaderRoot } from './list-mailboxes.js';
import { readNewestDelivered } from './load-mailbox-index.js';
import type { IndexEntry, MailboxInfo } from './types.js';

/** Rows a big folder shows before the rest of it is read. */
export const FIRST_PAGE = 200;

export interface FirstScreen {
  mailboxes: MailboxInfo[];
  /** The first folder's newest rows and how many it holds in all (a big folder, or an indexed one). */
  page?: { path: string; entries: IndexEntry[]; total: number };
}

/** Undefined when the folders cannot be listed: the reader lists them again and says why. */
export async function readFirstScreen(roots: ReaderRoot[], indexFile?: string): Promise<FirstScreen | undefined> {
  const archive = archiveAccess(indexFile ?? defaultIndexFile());
  try {
    const current = archive.currentFolders();
    const mailboxes = await listMailboxes(roots, current);
    const first = mailboxes[0];
    if (!first) return { mailboxes };
    const indexed = current.get(first.path);
    const page = indexed
      ? { entries: archive.newest(first.path, FIRST_PAGE), total: indexed.total }
      : await readNewestDelivered(first.path, FIRST_PAGE);
    // A small folder not in the index is read whole at once, as before.
    if (!indexed && page.total <= FIRST_PAGE) return { mailboxes };
    return { mailboxes, page: { path: first.path, ...page } };
  } catch {
    return undefined;
  } finally {
    archive.close();
  }
}
