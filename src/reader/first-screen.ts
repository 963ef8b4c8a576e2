// What the reader shows first, read before anything is drawn: the folder list and, when the archive
// index is current for the first folder, that folder's newest page. In the first frame they spare
// the frames that listing and loading after mount would cost (and Ink's 33 ms between frames).
import { defaultIndexFile } from '../archive/index-file.js';
import { archiveAccess } from './archive-access.js';
import { listMailboxes, type ReaderRoot } from './list-mailboxes.js';
import type { IndexEntry, MailboxInfo } from './types.js';

/** Rows a big folder shows before the rest of it is read. */
export const FIRST_PAGE = 200;

export interface FirstScreen {
  mailboxes: MailboxInfo[];
  /** The first folder's newest rows and how many it holds in all. */
  page?: { path: string; entries: IndexEntry[]; total: number };
}

/** Undefined when the folders cannot be listed: the reader lists them again and says why. */
export async function readFirstScreen(roots: ReaderRoot[], indexFile?: string): Promise<FirstScreen | undefined> {
  const archive = archiveAccess(indexFile ?? defaultIndexFile());
  try {
    const mailboxes = await listMailboxes(roots, archive.currentFolders());
    const first = mailboxes[0];
    const indexed = first && archive.folder(first.path);
    if (!first || !indexed?.current) return { mailboxes };
    return { mailboxes, page: { path: first.path, entries: indexed.newest(FIRST_PAGE), total: indexed.total } };
  } catch {
    return undefined;
  } finally {
    archive.close();
  }
}
