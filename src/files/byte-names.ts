// File names that are not UTF-8 (a Latin-1 'Entw\xFCrfe' another tool wrote). Node reads such a
// name with U+FFFD, which leads nowhere; here each byte of it that is not UTF-8 is kept as a lone
// surrogate U+DC80..U+DCFF (Python's surrogateescape, PEP 383), so the name is a string that still
// opens the file: fsPath turns it back into its bytes, shownFileName into `\xFC` for the screen.
// A name Node decodes never holds a lone surrogate, so no real name is read as escaped.
import { isUtf8 } from 'node:buffer';
import { utf8SequenceLength } from '../text/utf8-sequence.js';

const ESCAPED_BYTE = /[\uDC80-\uDCFF]/u;
const ESCAPED_BYTES = /[\uDC80-\uDCFF]/gu;

/** The name as a string: UTF-8 where it is, each other byte as U+DC00 + byte. */
export function decodeFileName(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let at = 0;
  while (at < bytes.length) {
    const length = utf8SequenceLength(bytes, at);
    if (length === 0) {
      out += String.fromCharCode(0xdc00 + bytes[at]!);
      at += 1;
    } else {
      out += bytes.toString('utf8', at, at + length);
      at += length;
    }
  }
  return out;
}

export function hasEscapedBytes(name: string): boolean {
  return ESCAPED_BYTE.test(name);
}

/** What to hand to node:fs: the bytes of a name decodeFileName escaped, any other path as it is. */
export function fsPath(path: string): string | Buffer {
  if (!hasEscapedBytes(path)) return path;
  const pieces: Buffer[] = [];
  for (const char of path) {
    const code = char.codePointAt(0)!;
    pieces.push(code >= 0xdc80 && code <= 0xdcff ? Buffer.from([code - 0xdc00]) : Buffer.from(char, 'utf8'));
  }
  return Buffer.concat(pieces);
}

/**
 * An escaped byte as `\xE9` (as `ls -b` and Python show it): U+FFFD would lose which byte it was,
 * and two folders that differ only there would look the same.
 */
export function shownFileName(name: string): string {
  return name.replace(ESCAPED_BYTES, (byte) => `\\x${(byte.charCodeAt(0) - 0xdc00).toString(16).toUpperCase()}`);
}
