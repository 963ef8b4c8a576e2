// One decision, for the pager and the index alike, of which leaf parts are text to read and which
// are attachments, and of the type that decision reads.
import { extname } from 'node:path';
import libmime from 'libmime';
import { parseContentType } from './mime-parts.js';

/**
 * A leaf part of a text/* type (any subtype: mutt 2.2 shows text/x-diff or text/csv inline and
 * notmuch indexes it; neomutt shows only text/plain and text/enriched without a mailcap entry) or
 * message/delivery-status, inline or without a disposition, is text: a file name does not make it
 * an attachment (mailparser shows it in the body). Any other disposition makes it one. `mime` and
 * `disposition` are lower-case values without parameters.
 */
export function isShownAsText(mime: string, disposition: string | undefined): boolean {
  return (mime.startsWith('text/') || mime === 'message/delivery-status') && (!disposition || disposition === 'inline');
}

/**
 * A leaf part's type (parseContentType) by its Content-Type value, or by its file name's extension
 * where it has none (or an empty one), as mailsplit types it; text/plain without either.
 */
export function partMime(contentType: string | undefined, fileName: string | undefined): string {
  if (contentType?.trim()) return parseContentType(contentType).mime;
  const extension = fileName ? extname(fileName).slice(1) : '';
  return extension ? libmime.detectMimeType(extension) : 'text/plain';
}
