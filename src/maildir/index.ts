// The Maildir store's public face: the engine and the reader import from here.
export type { IncomingMessage, MaildirFlag, MaildirFolder, StoredMessage } from './types.js';
export { MaildirError, MailboxNameError, quoteName, type MaildirErrorCode } from './errors.js';
export { imapFlagsToMaildir, maildirFlagsToImap, normalizeMaildirFlags } from './flags.js';
export { formatMessageName, parseMaildirName, type ParsedMaildirName } from './naming.js';
export {
  detectPathCollisions,
  mailboxLocalPath,
  mbsyncNearName,
  type MailboxLayout,
  type PathCollision,
} from './mailbox-path.js';
export { serverForm, withCrlf } from './server-form.js';
export { openMaildirFolder, type LocalMaildirFolder, type MaildirFolderOptions } from './maildir-folder.js';
export { scanFolder, type ForeignMessage, type MaildirLookup, type MaildirScan } from './scan-folder.js';
export type { OpenWritableFile, WritableFile } from './write-messages.js';
export { readFolderStamp } from './folder-stamp.js';
export { removeEmptyMaildir } from './remove-empty-maildir.js';
export { findMaildirs, type FoundMaildir, type SkippedDirectory } from './find-maildirs.js';
export { nearestTreeIndex, treeHolds, type MaildirTree } from './maildir-tree.js';
export { isPathInside } from './path-inside.js';
export { isSetAside, removeSetAside } from './set-aside.js';
export { isMessageFile } from './message-file.js';
export { unlistable, unreadable, unreadableLine, type Unreadable } from './unreadable.js';
export {
  appendDurably,
  fsyncDirectory,
  pendingFileName,
  removeAbandonedPendingFiles,
  replaceFile,
} from './durable-fs.js';
export { isProcessAlive } from './process-alive.js';
export {
  confirmedPairs,
  journalUids,
  MbsyncStateError,
  mbsyncStatePath,
  parseMaildirUidValidity,
  parseMbsyncState,
} from './mbsync-state.js';
export { isMbsyncPlaceholder, mbsyncPlaceholderSize } from './mbsync-placeholder.js';
export { type PlacedBy, type StoredSource } from './link-message.js';
export { mailboxDisplayName } from './mailbox-display-name.js';
