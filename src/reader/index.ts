// The reader's public face: read-only access to Maildir trees for the Ink reader.
export type { AttachmentInfo, IndexEntry, IndexRow, MailboxInfo, RenderedMessage, SortKey } from './types.js';
export { archiveAccess, SEARCH_RESULT_LIMIT, type ArchiveAccess, type IndexedFolderRows } from './archive-access.js';
export { loadMailboxIndex, messageKey, readNewestDelivered } from './load-mailbox-index.js';
export { countMessages, listMailboxes, type ReaderRoot } from './list-mailboxes.js';
export { FIRST_PAGE, readFirstScreen, type FirstScreen } from './first-screen.js';
export { foldersOfSyncedMailbox } from './synced-mailbox.js';
export { SORT_KEYS, sortMessages } from './sort-messages.js';
export { parseLimitPattern, matchesPattern, patternNeeds, type Pattern } from './limit-pattern.js';
export { renderMessageFile, readAttachment, messageBodyText } from './lazy-render.js';
export { saveAttachment } from './save-attachment.js';
export { exportMessages, type ExportTarget } from './export-messages.js';
export { labelIndex, labelsOfFile, type LabelFolder } from './message-labels.js';
// The archive's modules by name, not its public face: that one loads the MIME parsing too.
export { defaultIndexFile } from '../archive/index-path.js';
export { IndexWorker, type IndexWorkerOptions } from '../archive/index-worker-client.js';
export type { TreeProgress } from '../archive/refresh-tree.js';
