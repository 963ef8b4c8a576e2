// The Maildir store's public face: the engine and the reader import from here.
export type { IncomingMessage, MaildirFlag, MaildirFolder, StoredMessage } from './types.js';
export { MaildirError, MailboxNameError, type MaildirErrorCode } from './errors.js';
export { imapFlagsToMaildir, maildirFlagsToImap, normalizeMaildirFlags } from './flags.js';
export { formatMessageName, parseMaildirName, type ParsedMaildirName } from './naming.js';
export { detectPathCollisions, mailboxLocalPath, type MailboxLayout, type PathCollision } from './mailbox-path.js';
export {
  openMaildirFolder,
  type ForeignMessage,
  type LocalMaildirFolder,
  type MaildirFolderOptions,
  type MaildirScan,
  type OpenWritableFile,
  type WritableFile,
} from './maildir-folder.js';
export { findMaildirs, type FoundMaildir } from './find-maildirs.js';
export { placeStoredMessage, type PlacedBy, type StoredSource } from './link-message.js';
