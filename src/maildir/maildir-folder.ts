// One Maildir folder on disk: the only code that creates, renames and deletes message files.
// Conventions are mbsync's: every file carries `:2,<flags>` (also in new/); a new message goes to
// cur/ when \Seen, else new/; any flag change moves it to cur/ (mutt's "no longer new").
import os from 'node:os';
import path from 'node:path';
import { cleanTmp } from './clean-tmp.js';
import { accountRootOf, createMaildir } from './create-maildir.js';
import { directorySyncs } from './directory-syncs.js';
import { fsyncDirectory } from './durable-fs.js';
import type { MailboxLayout } from './mailbox-path.js';
import { removeMessages, renameToFlags } from './rename-messages.js';
import { setAsideMessages } from './set-aside.js';
import { lookUpUids, scanFolder, type MaildirLookup, type MaildirScan } from './scan-folder.js';
import type { MaildirFolder, StoredMessage } from './types.js';
import { placeInFolder, type PlacedBy, type StoredSource } from './link-message.js';
import { openDirectFile, writeMessages, type MessageWriter, type OpenWritableFile } from './write-messages.js';

export interface MaildirFolderOptions {
  /** Set each file's mtime (and atime) to the server's INTERNALDATE (mbsync CopyArrivalDate). */
  copyArrivalDate: boolean;
  /** fsync files and directories (default true; false only for throwaway trees). */
  fsync?: boolean;
  /** Host part of new file names (default os.hostname()). */
  host?: string;
  /** How many files of a batch are written and fsynced at once (default 8). */
  writeConcurrency?: number;
  /** Opens tmp files for writing (default fs.open); tests inject failures here. */
  openFile?: OpenWritableFile;
  /** fsyncs a directory (default fsyncDirectory); tests count the calls here. */
  syncDirectory?: (dir: string) => Promise<void>;
  /**
   * The account's folders. When given, no directory between the one of `localPath`/`inboxPath`
   * that holds this folder and the folder itself may be a symlink, so no write leaves the account's tree.
   */
  layout?: MailboxLayout;
}

export interface LocalMaildirFolder extends MaildirFolder {
  /** Like scan(), plus the files it leaves out: for adopting an mbsync-written Maildir. */
  scanAll(): Promise<MaildirScan>;
  /**
   * The stored messages of a few UIDs (`wanted`) of one UIDVALIDITY, and how many it holds: a
   * name is read only as far as its UID, so looking up a handful of changes in a big folder costs
   * a listing, not a parse of every name.
   */
  lookUp(uidValidity: number, wanted: (uid: number) => boolean): Promise<MaildirLookup>;
  /**
   * Places a message stored in another folder under a name of this one (a hard link, else a copy);
   * durable after sync(). Throws ENOENT as is when the stored file vanished.
   */
  place(item: StoredSource): Promise<{ stored: StoredMessage; by: PlacedBy }>;
}

export async function openMaildirFolder(dir: string, options: MaildirFolderOptions): Promise<LocalMaildirFolder> {
  const root = path.resolve(dir);
  const useFsync = options.fsync ?? true;
  const writer: MessageWriter = {
    root,
    host: options.host ?? os.hostname(),
    openFile: options.openFile ?? openDirectFile,
    fsync: useFsync,
    copyArrivalDate: options.copyArrivalDate,
    concurrency: Math.max(1, options.writeConcurrency ?? 8),
  };
  const syncDirectory = useFsync ? (options.syncDirectory ?? fsyncDirectory) : undefined;

  await createMaildir(root, options.layout && accountRootOf(options.layout, root), syncDirectory);
  const changed = directorySyncs(syncDirectory);

  return {
    path: root,
    scanAll: () => scanFolder(root),
    lookUp: (uidValidity, wanted) => lookUpUids(root, uidValidity, wanted),
    scan: async () => (await scanFolder(root)).messages,
    writeBatch: (messages) => writeMessages(writer, messages, changed),
    setFlags: (updates) => renameToFlags(root, updates, changed),
    remove: (messages) => removeMessages(messages, changed),
    setAside: (messages, onMoved) => setAsideMessages(root, messages, changed, onMoved),
    sync: () => changed.sync(),
    cleanTmp: (keepSetAside) => cleanTmp(root, writer.host, keepSetAside),
    place: (item) => placeInFolder(writer, item, changed),
  };
}
