// What the reader knows about a message without opening it: one row of a mailbox index.
// Every string is decoded and already sanitized for the terminal.
import type { MessageEntry } from '../archive/index.js';

/** The archive index's entry of a message (the same fields whether read from the index or the file). */
export interface IndexEntry extends MessageEntry {
  /** The Maildir holding the file when it is not the open folder (a search's results). */
  folderPath?: string;
}

export type SortKey = 'date' | 'from' | 'subject' | 'size' | 'thread';

/** One row of the index as shown: which entry, and how deep in its thread. */
export interface IndexRow {
  entry: number;
  depth: number;
}

export interface MailboxInfo {
  account: string;
  /** `/`-separated name inside the account, e.g. `INBOX` or `Archive/2024`. */
  name: string;
  path: string;
  total: number;
  unread: number;
}

export interface AttachmentInfo {
  index: number;
  name: string;
  type: string;
  size: number;
}

export interface RenderedMessage {
  headers: { from: string; to: string; cc: string; date: string; subject: string };
  bodyLines: string[];
  attachments: AttachmentInfo[];
  /** Header block as lines (for `h`). */
  rawHeaderLines: string[];
  /** Why the message is shown raw or cut short, if it is. */
  notice?: string;
  /** The folders of the account holding this message (labels), when it is in more than one. */
  labels?: string[];
}
