// Address header values → addresses, as mailparser's parseAddressHeader gives them (the same
// parser, nodemailer's addressparser, the same decoding), without mailparser: the index worker,
// which starts with every sync, needs only this of it, and importing it loads its whole package
// (MIME parser, HTML converter, charset tables: ~1.5 MB of code). Its result's lazy text and html
// properties also cost more than the parsing.
import { domainToUnicode } from 'node:url';
import libmime from 'libmime';
import addressparser from 'nodemailer/lib/addressparser';
import { wordsAsUtf8 } from './encoded-words.js';

export interface ParsedAddress {
  name: string;
  address?: string;
  group?: ParsedAddress[];
}

/** An RFC 2047 encoded word. */
const ENCODED_WORD = /=\?[^?]+\?[BbQq]\?[^?]*\?=/;

/** Each value (a header may occur more than once) parsed on its own, in order. */
export function parseAddresses(values: readonly string[]): ParsedAddress[] {
  return values.flatMap((value) => (value ? addressparser(value).map(decodeAddress) : []));
}

function decodeAddress(parsed: { name: string; address?: string; group?: ParsedAddress[] }): ParsedAddress {
  const name = decodeWords(String(parsed.name || '').trim());
  if (parsed.group) return { name, group: parsed.group.map(decodeAddress) };
  return { name, address: decodeAddressPart(parsed.address ?? '') };
}

/** RFC 2047 encoded words decoded; text that does not decode is kept as it is. */
export function decodeWords(text: string): string {
  // Most header text has no encoded word: libmime would run five searches over it for nothing.
  if (!text.includes('=?')) return text;
  try {
    return libmime.decodeWords(wordsAsUtf8(text));
  } catch {
    return text;
  }
}

/**
 * RFC 2047 keeps encoded words out of the address: one there is taken only when it decodes to a
 * plain local@domain (otherwise a name could pose as another address). A punycode domain is shown
 * in Unicode.
 */
function decodeAddressPart(address: string): string {
  let out = address;
  if (ENCODED_WORD.test(out)) {
    const decoded = decodeWords(out);
    out = /^[^\s@]+@[^\s@]+$/.test(decoded) && !/=\?/.test(decoded) ? decoded : '';
  }
  const at = out.lastIndexOf('@');
  if (at >= 0 && /@xn--/.test(out))
    out = out.slice(0, at + 1) + (domainToUnicode(out.slice(at + 1)) || out.slice(at + 1));
  return out;
}
