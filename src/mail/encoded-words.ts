// Encoded words libmime would not decode as mutt and search do, rewritten as UTF-8 ones that it
// then decodes (and joins) as any other: UTF-7 (libmime refuses it: on the web it carries
// "<script>" past filters; here decoded text is only indexed or sanitized for the terminal), and
// a charset nothing knows (unknown-8bit, x-mine), read as a body in it is, UTF-8 if valid, else
// Latin-1 (libmime gave 'caf\uFFFD' for the 'café' the body showed).
import { charsetKind } from './charset-kind.js';
import { decodeBytes } from './decode-bytes.js';
import { decodeUtf7 } from './utf7.js';

const ENCODED_WORD = /=\?([^?*]+)(?:\*[^?]*)?\?([QqBb])\?([^?]*)\?=/g;

export function wordsAsUtf8(text: string): string {
  if (!text.includes('=?')) return text;
  return text.replace(ENCODED_WORD, (word, charset: string, encoding: string, data: string) => {
    const kind = charsetKind(charset.trim().toLowerCase());
    if (kind === 'known') return word;
    const bytes = wordBytes(encoding, data);
    const decoded = kind === 'utf-7' ? decodeUtf7(bytes) : decodeBytes(bytes);
    return `=?utf-8?B?${Buffer.from(decoded).toString('base64')}?=`;
  });
}

function wordBytes(encoding: string, data: string): Buffer {
  if (encoding === 'B' || encoding === 'b') return Buffer.from(data, 'base64');
  const text = data
    .replace(/_/g, ' ')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(text, 'latin1');
}
