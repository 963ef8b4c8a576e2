// The reference the index is checked against: every file parsed with mailparser (not the index's
// own MIME code) and a query tree evaluated over it by plain string work.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import type { Query } from '../../src/archive/index.js';
import { htmlToText } from '../../src/mail/html-text.js';
import { parseMaildirName } from '../../src/maildir/index.js';
import type { CorpusFile } from '../support/corpus-maildir.js';

export interface ReferenceMessage {
  path: string;
  folder: string;
  flags: string;
  date: number;
  from: string[];
  to: string[];
  subject: string[];
  body: string[];
  attachment: string[];
  attachments: number;
  messageId?: string;
}

/** Words as FTS5's unicode61 tokenizer (remove_diacritics 2) sees them. */
export function tokens(text: string): string[] {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function addressTokens(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  return tokens((Array.isArray(value) ? value : [value]).map((a) => a.text).join(' '));
}

export async function referenceMessage(file: CorpusFile): Promise<ReferenceMessage> {
  const parsed = await simpleParser(readFileSync(file.path), { skipHtmlToText: true, skipTextToHtml: true });
  const text = parsed.text || (parsed.html ? htmlToText(parsed.html) : '');
  const dateLine = parsed.headerLines.find((h) => h.key === 'date')?.line ?? '';
  const headerDate = Date.parse(dateLine.replace(/^date:\s*/i, ''));
  return {
    path: file.path,
    folder: file.folder,
    flags: parseMaildirName(path.basename(file.path)).flags,
    // The Date header when it reads as a date, else the file's time (mailparser would say 'now').
    date: Number.isNaN(headerDate) ? statSync(file.path).mtimeMs : headerDate,
    from: addressTokens(parsed.from),
    to: [...addressTokens(parsed.to), ...addressTokens(parsed.cc), ...addressTokens(parsed.bcc)],
    subject: tokens(parsed.subject ?? ''),
    // A word with a replaced byte is not a word the reference can vouch for (an unknown charset).
    body: tokens(
      text
        .split(/\s+/)
        .filter((w) => !w.includes('\uFFFD'))
        .join(' '),
    ),
    attachment: tokens(parsed.attachments.map((a) => a.filename ?? '').join(' ')),
    attachments: parsed.attachments.length,
    ...(parsed.messageId !== undefined ? { messageId: parsed.messageId } : {}),
  };
}

function hasWords(haystack: string[], value: string, prefix: boolean): boolean {
  const want = tokens(value);
  if (!want.length) return false;
  for (let i = 0; i + want.length <= haystack.length; i++) {
    const ok = want.every((w, j) =>
      prefix && j === want.length - 1 ? haystack[i + j]!.startsWith(w) : haystack[i + j] === w,
    );
    if (ok) return true;
  }
  return false;
}

export function matches(m: ReferenceMessage, q: Query): boolean {
  switch (q.kind) {
    case 'and':
      return q.items.every((item) => matches(m, item));
    case 'or':
      return q.items.some((item) => matches(m, item));
    case 'not':
      return !matches(m, q.item);
    case 'text': {
      const fields = q.field ? [m[q.field]] : [m.from, m.to, m.subject, m.body, m.attachment];
      return fields.some((f) => hasWords(f, q.value, q.prefix));
    }
    case 'folder':
      return q.prefix ? m.folder.startsWith(q.name) : m.folder.toLowerCase() === q.name.toLowerCase();
    case 'date':
      return (q.from === undefined || m.date >= q.from) && (q.until === undefined || m.date < q.until);
    case 'id':
      return m.messageId === q.messageId;
    case 'attachment':
      return m.attachments > 0;
    case 'flag':
      return m.flags.includes(q.flag) === q.set;
    case 'all':
      return true;
    default:
      throw new Error(`no reference for ${q.kind}`);
  }
}
