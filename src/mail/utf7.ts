// UTF-7 (RFC 2152) text, of bodies and (encoded-words.ts) of encoded words. mailparser and libmime
// refuse to decode it (on the web it carries "<script>" past filters that look for "<"); mutt
// reads it, and here decoded text is only indexed or sanitized for the terminal, so it is read too.
import iconv from 'iconv-lite';

let utf7Codec: unknown;

/** Whether a charset name is UTF-7 by any of its names (utf-7, unicode-1-1-utf-7, csUnicode11UTF7). */
export function isUtf7(charset: string): boolean {
  try {
    return iconv.getCodec(charset) === (utf7Codec ??= iconv.getCodec('utf7'));
  } catch {
    return false;
  }
}

export function decodeUtf7(bytes: Buffer): string {
  return iconv.decode(bytes, 'utf7');
}
