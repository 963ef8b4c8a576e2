// Mirrored deletions on a server that names its messages (Gmail's X-GM-MSGID). Gmail shows a
// message moved between labels (or out of the Trash) as a removal in one folder and an arrival in
// another, seen folder by folder in either order, in one pass or across two. So a removed file
// whose id is recorded is set aside (maildir/set-aside.ts) and recorded at its new path, where
// store-once links it like any stored file, instead of being unlinked at once; at the end of each
// pass one goes when another folder stores the message, when All Mail was listed after it was set
// aside (All Mail holds every labelled message, so it saw the message gone), or when an earlier
// pass set it aside (and this one went through all the account's mailboxes). After a crash, one
// the journal names goes at the end of the next pass, one it does not name (set aside after the
// last flush) goes in its folder's cleanTmp.
import { lstat } from 'node:fs/promises';
import { isSetAside, removeSetAside, type MaildirFolder, type StoredMessage } from '../maildir/index.js';
import type { StoredCopy, StoredIds } from './stored-ids.js';

export interface SetAsideFiles {
  /** Numbers a mailbox's listing, to tell whether All Mail's came after another folder's. */
  listed(): number;
  /** Removes `gone` from `folder` (listed as `listing`): those with a recorded id are set aside. */
  remove(folder: MaildirFolder, gone: readonly StoredMessage[], listing: number): Promise<void>;
  /** All Mail's pass mirrored all of its listing `listing` (no guard tripped, nothing skipped). */
  allMailSynced(listing: number): void;
  /**
   * Ends the account's pass (see above); `partial` (stopped early, or over some mailboxes only, as
   * on an IDLE wake-up): what earlier passes set aside stays for the next whole pass. Returns a
   * notice when a file could not be removed (the next pass tries again).
   */
  endPass(partial: boolean): Promise<string | undefined>;
}

export function setAsideFiles(storedIds: StoredIds): SetAsideFiles {
  let listings = 0;
  let allMailListing = 0;
  /** Set aside by this pass: the listing of the folder that saw the message gone. */
  const thisPass = new Map<string, number>();

  const stillWanted = async (copy: StoredCopy, partial: boolean): Promise<boolean> => {
    if (await storedElsewhere(storedIds, copy)) return false;
    const listing = thisPass.get(copy.path);
    return listing === undefined ? partial : allMailListing < listing;
  };

  return {
    listed: () => ++listings,
    async remove(folder, gone, listing) {
      const named = gone.filter((m) => storedIds.copyAt(m.path) !== undefined);
      const unnamed = gone.filter((m) => storedIds.copyAt(m.path) === undefined);
      await folder.remove(unnamed);
      for (const message of unnamed) storedIds.moved(message.path, undefined);
      await folder.setAside(named, (message, aside) => {
        storedIds.moved(message.path, aside.path);
        thisPass.set(aside.path, listing);
      });
    },
    allMailSynced(listing) {
      allMailListing = Math.max(allMailListing, listing);
    },
    async endPass(partial) {
      const ending: string[] = [];
      for (const copy of storedIds.setAside()) if (!(await stillWanted(copy, partial))) ending.push(copy.path);
      thisPass.clear();
      try {
        await removeSetAside(ending);
      } catch (error) {
        return `${(error as Error).message}: the files deleted on the server but kept aside for a move stay till the next pass`;
      }
      for (const file of ending) storedIds.moved(file, undefined);
      await storedIds.flush();
      return undefined;
    },
  };
}

/** Whether a file not set aside holds the message (a link, or a copy on another filesystem). */
async function storedElsewhere(storedIds: StoredIds, copy: StoredCopy): Promise<boolean> {
  for (const other of storedIds.filesOf(copy.id, copy.size)) {
    if (isSetAside(other.path)) continue;
    if ((await lstat(other.path).catch(() => undefined))?.isFile()) return true;
  }
  return false;
}
