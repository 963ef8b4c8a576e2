// The reader's public face: read-only access to Maildir trees for the Ink reader.
export type { AttachmentInfo, IndexEntry, IndexRow, MailboxInfo, RenderedMessage, SortKey } from './types.js';
export { defaultCacheDir } from './index-cache.js';
export { loadMailboxIndex, messageKey, type LoadIndexOptions } from './load-mailbox-index.js';
export { listMailboxes, countMessages, type ReaderRoot } from './list-mailboxes.js';
export { SORT_KEYS, sortMessages } from './sort-messages.js';
export { threadMessages } from './thread.js';
export { parseLimitPattern, matchesPattern, patternNeedsBody, PatternError, type Pattern } from './limit-pattern.js';
export { renderMessageFile, renderMessageSource, readAttachment, messageBodyText } from './render-message.js';
export { saveAttachment, safeFileName } from './save-attachment.js';
