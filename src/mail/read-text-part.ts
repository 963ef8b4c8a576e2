// A text part's body → the text a reader sees of it, for the pager (part-decoder.ts) and the index
// (message-text.ts) alike: transfer encoding and charset, then format=flowed lines joined or
// text/enriched read as text.
import libmime from 'libmime';
import { enrichedToText } from './enriched-text.js';
import { decodePartText, type ContentType } from './mime-parts.js';

export function readTextPart(body: Buffer, type: ContentType, encoding: string | undefined): string {
  const text = decodePartText(body, encoding, type.params.get('charset'));
  if (type.mime === 'text/enriched') return enrichedToText(text);
  return isFlowed(type) ? libmime.decodeFlowed(text, isParam(type, 'delsp', 'yes')) : text;
}

/** RFC 3676 defines format=flowed for text/plain only, as mailsplit reads it. */
function isFlowed(type: ContentType): boolean {
  return type.mime === 'text/plain' && isParam(type, 'format', 'flowed');
}

function isParam(type: ContentType, name: string, value: string): boolean {
  return type.params.get(name)?.trim().toLowerCase() === value;
}
