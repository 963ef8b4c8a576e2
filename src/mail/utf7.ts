// UTF-7 (RFC 2152) text and encoded words. mailparser and libmime refuse to decode it (on the web
// it carries "<script>" past filters that look for "<"); mutt reads it, and here decoded text is
// only indexed or sanitized for the terminal, so it is read too.
import iconv from 'iconv-lite';
import libmime from 'libmime';

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

const ENCODED_WORD = /=\?([^?*]+)(?:\*[^?]*)?\?([QqBb])\?([^?]*)\?=/g;

/** UTF-7 encoded words rewritten as UTF-8 ones, which libmime then decodes (and joins) as any other. */
export function utf7WordsAsUtf8(text: string): string {
  if (!/utf-?7/i.test(text)) return text;
  return text.replace(ENCODED_WORD, (word, charset: string, encoding: string, data: string) => {
    if (!isUtf7(charset)) return word;
    const utf7 = libmime.decodeWord('us-ascii', encoding, data);
    return `=?utf-8?B?${Buffer.from(decodeUtf7(Buffer.from(utf7, 'latin1'))).toString('base64')}?=`;
  });
}
