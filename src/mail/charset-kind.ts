// Whether a charset name is UTF-7, one libmime decodes, or one nothing here knows; remembered by name.
import { createDecodeStream } from 'libmime/lib/charset.js';
import { isUtf7 } from './utf7.js';

export type CharsetKind = 'utf-7' | 'known' | 'unknown';

/** Emptied when full: hostile mail can name a new charset in every message. */
const kinds = new Map<string, CharsetKind>();
const MAX_KINDS = 1000;

/** `label`: lower-case and trimmed. */
export function charsetKind(label: string): CharsetKind {
  let kind = kinds.get(label);
  if (kind === undefined) {
    kind = isUtf7(label) ? 'utf-7' : createDecodeStream(label).supported ? 'known' : 'unknown';
    if (kinds.size >= MAX_KINDS) kinds.clear();
    kinds.set(label, kind);
  }
  return kind;
}
