// One message file → its index row and its searchable text. The row's display fields are
// decoded and sanitized (the reader shows them as they are); the text is for FTS5 only.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { extractMessageText } from '../mail/message-text.js';
import { parseMaildirName } from '../maildir/index.js';

/** A file bigger than this is indexed from its head (headers, the text before big attachments). */
export const READ_LIMIT = 4 * 1024 * 1024;

/** The fields of one message as the reader's index shows it (the reader's `IndexEntry`). */
export interface MessageEntry {
  /** File name inside `dir` (it changes when flags change). */
  file: string;
  dir: 'cur' | 'new';
  size: number;
  /** Maildir info letters after `:2,`. */
  flags: string;
  /** Date header in ms since epoch, else the file's mtime. */
  date: number;
  from: string;
  to: string;
  subject: string;
  messageId?: string;
  /** References then In-Reply-To, oldest first, without duplicates. */
  references: string[];
}

/** A row of the index: the entry, and where it is. */
export interface MessageRow extends MessageEntry {
  id: number;
  account: string;
  /** `/`-separated folder name inside the account. */
  folder: string;
  /** The Maildir (cur/ new/ tmp/) holding the file. */
  folderPath: string;
  uid?: number;
  cc: string;
  /** How many attachments it has (parts that are not text to read). */
  attachments: number;
}

export interface ParsedMessage {
  entry: MessageEntry;
  base: string;
  uid?: number;
  cc: string;
  inode: string;
  /** Only in the text index's recipients (the row's display fields do not show it). */
  bcc: string;
  attachmentNames: string[];
  attachmentCount: number;
  body: string;
}

/** Builds the row of a file from bytes already in hand (the sync's) or read now. */
export function parseMessageFile(filePath: string, bytes?: Buffer): ParsedMessage {
  // One stat (its inode and mtime) costs half of an open, fstat and close: ~0.2 s of a first sync.
  if (bytes) return parseMessageBytes(filePath, statSync(filePath), bytes);
  const fd = openSync(filePath, 'r');
  try {
    const stat = fstatSync(fd);
    return parseMessageBytes(filePath, stat, readHead(fd, stat.size));
  } finally {
    closeSync(fd);
  }
}

function readHead(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(Math.min(size, READ_LIMIT));
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** Which of a Maildir's directories a message file is in. */
export function maildirSubdir(filePath: string): 'new' | 'cur' {
  return path.basename(path.dirname(filePath)) === 'new' ? 'new' : 'cur';
}

export function parseMessageBytes(filePath: string, stat: Stats, bytes: Buffer): ParsedMessage {
  const file = path.basename(filePath);
  const name = parseMaildirName(file);
  const text = extractMessageText(bytes);
  return {
    entry: {
      file,
      dir: maildirSubdir(filePath),
      size: stat.size,
      flags: name.flags,
      date: text.date ?? Math.round(stat.mtimeMs),
      from: text.from,
      to: text.to,
      subject: text.subject,
      ...(text.messageId !== undefined ? { messageId: text.messageId } : {}),
      references: text.references,
    },
    base: name.base,
    ...(name.uid !== undefined || name.mbsyncUid !== undefined ? { uid: name.uid ?? name.mbsyncUid } : {}),
    cc: text.cc,
    inode: `${stat.dev}:${stat.ino}`,
    bcc: text.bcc,
    attachmentNames: text.attachments,
    attachmentCount: text.attachmentCount,
    body: text.body,
  };
}
