// Which folder a search result is in, named as the reader names folders.
import path from 'node:path';
import type { IndexEntry, MailboxInfo } from '../../reader/index.js';
import { mailboxTitle } from './sidebar-labels.js';

/** Each result's folder (one the reader does not list by its directory's name); '' for an entry of the open folder. */
export function folderTitles(mailboxes: MailboxInfo[]): (entry: IndexEntry) => string {
  const multiAccount = new Set(mailboxes.map((m) => m.account)).size > 1;
  const titles = new Map(mailboxes.map((m) => [m.path, mailboxTitle(m, multiAccount)]));
  return ({ folderPath }) => (folderPath === undefined ? '' : (titles.get(folderPath) ?? path.basename(folderPath)));
}
