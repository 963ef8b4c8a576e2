// Pure MIME plumbing for the index: Content-Type and its parameters, the parts of a multipart
// body, and a part's bytes decoded to text. Tolerant: a missing boundary, a cut-off part or an
// unknown charset gives what can be read, never throws.
import { decode } from 'libmime/lib/charset.js';
import { charsetKind } from './charset-kind.js';
import { decodeBytes } from './decode-bytes.js';
import { decodeUtf7 } from './utf7.js';

export interface ContentType {
  /**
   * Lower-case `type/subtype`, what follows it dropped; `text/plain` when absent or unreadable. A
   * type without a subtype is `text/plain` for `text` and `type/x-unknown` for another, as mutt reads it.
   */
  mime: string;
  params: Map<string, string>;
}

const MIME_TYPE = /^([a-z0-9!#$&^_.+-]+)(?:\/([a-z0-9!#$&^_.+-]+))?/;

/** `type/subtype; a=b; c="d"` → mime and lower-cased parameter names (RFC 2231 `*` forms joined). */
export function parseContentType(value: string | undefined): ContentType {
  const [first = '', ...rest] = splitParams(value ?? '');
  const [, type, subtype] = MIME_TYPE.exec(first.trim().toLowerCase()) ?? [];
  const mime = type ? `${type}/${subtype ?? (type === 'text' ? 'plain' : 'x-unknown')}` : 'text/plain';
  return { mime, params: params(rest) };
}

/** Parameters of any structured header (Content-Disposition's filename). */
export function headerParams(value: string | undefined): Map<string, string> {
  return params(splitParams(value ?? '').slice(1));
}

function splitParams(value: string): string[] {
  return value.match(/(?:"(?:[^"\\]|\\.)*"|[^;"])+/g) ?? [];
}

function params(items: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    let name = item.slice(0, eq).trim().toLowerCase();
    let value = item.slice(eq + 1).trim();
    if (value.startsWith('"')) value = value.slice(1, value.endsWith('"') ? -1 : undefined).replace(/\\(.)/g, '$1');
    const extended = /^(.+?)(?:\*\d+)?(\*)?$/.exec(name)!;
    name = extended[1]!;
    if (extended[2]) value = decodeExtendedValue(value);
    out.set(name, (out.get(name) ?? '') + value);
  }
  return out;
}

/** RFC 2231 `charset'lang'percent-encoded` (or a continuation, percent-encoded only). */
function decodeExtendedValue(value: string): string {
  const m = /^([^']*)'[^']*'(.*)$/.exec(value);
  const bytes = Buffer.from(
    (m ? m[2]! : value).replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  );
  return decodeCharset(bytes, m?.[1] || 'utf-8');
}

/** The parts between `--boundary` lines; a missing closing line ends the last part at the end. */
export function splitMultipart(body: Buffer, boundary: string, maxParts: number): Buffer[] {
  const marker = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Buffer[] = [];
  let start = -1;
  for (let at = body.indexOf(marker); at >= 0 && parts.length < maxParts; at = body.indexOf(marker, at + 1)) {
    if (at > 0 && body[at - 1] !== 0x0a) continue;
    const delimiter = delimiterAt(body, at + marker.length);
    if (!delimiter) continue;
    if (start >= 0) parts.push(body.subarray(start, trimLineEnd(body, at)));
    if (delimiter.closing) return parts;
    start = delimiter.next;
  }
  if (start >= 0 && parts.length < maxParts) parts.push(body.subarray(start));
  return parts;
}

/**
 * What follows `--boundary` on a delimiter line (RFC 2046 5.1.1): `--` if it closes, blanks, the line
 * end. A line that goes on ('--bogus' for the boundary 'b') is text, as mailsplit (the pager) reads
 * it: the index cut a part there and lost the text after it. Only the closing line may end the body
 * without a line end. `next`: where the line after it starts.
 */
function delimiterAt(body: Buffer, after: number): { closing: boolean; next: number } | undefined {
  const closing = body[after] === 0x2d && body[after + 1] === 0x2d;
  let at = closing ? after + 2 : after;
  while (body[at] === 0x20 || body[at] === 0x09) at++;
  if (at === body.length) return closing ? { closing, next: at } : undefined;
  while (body[at] === 0x0d) at++;
  if (at === body.length) return { closing, next: at };
  return body[at] === 0x0a ? { closing, next: at + 1 } : undefined;
}

function trimLineEnd(body: Buffer, at: number): number {
  let end = at;
  if (end > 0 && body[end - 1] === 0x0a) end--;
  if (end > 0 && body[end - 1] === 0x0d) end--;
  return end;
}

/** A part's body → text, after its Content-Transfer-Encoding and charset. */
export function decodePartText(body: Buffer, encoding: string | undefined, charset: string | undefined): string {
  return decodeCharset(decodeTransferEncoding(body, encoding), charset);
}

/** A part's body → its bytes, after its Content-Transfer-Encoding. */
export function decodeTransferEncoding(body: Buffer, encoding: string | undefined): Buffer {
  const cte = (encoding ?? '').trim().toLowerCase();
  if (cte === 'base64') return decodeBase64(body);
  if (cte === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/**
 * Padding in the middle ends a chunk, as mailers that glue encoded pieces together expect. Lines
 * after the base64 that are not base64 (a mailing list's footer appended to a base64 body) are
 * text, kept after the decoded bytes: mailparser decoded them as junk, mutt and notmuch drop them
 * after padding and decode them as junk without.
 */
function decodeBase64(body: Buffer): Buffer {
  const { encoded, footer } = splitBase64Footer(body);
  const chunks = encoded.toString('latin1').replace(NOT_BASE64, '').split(/=+/);
  const decoded = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk, 'base64')));
  if (!footer.length) return decoded;
  const lineEnd = decoded.length && decoded[decoded.length - 1] !== 0x0a ? [Buffer.from('\n')] : [];
  return Buffer.concat([decoded, ...lineEnd, footer]);
}

const NOT_BASE64 = /[^A-Za-z0-9+/=]/g;

/**
 * The footer starts at the first line with a character base64 does not use where the base64
 * before it is whole: a multiple of 4 characters, as its last line leaves it, padded or not.
 */
function splitBase64Footer(body: Buffer): { encoded: Buffer; footer: Buffer } {
  let characters = 0;
  for (let start = 0; start < body.length;) {
    const eol = body.indexOf(0x0a, start);
    const end = eol < 0 ? body.length : eol + 1;
    const line = body.toString('latin1', start, end).trim();
    const base64 = line.replace(NOT_BASE64, '');
    if (base64.length < line.length && characters > 0 && characters % 4 === 0) {
      return { encoded: body.subarray(0, start), footer: body.subarray(start) };
    }
    characters += base64.length;
    start = end;
  }
  return { encoded: body, footer: Buffer.alloc(0) };
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body
    .toString('latin1')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(text, 'latin1');
}

/** Read as GB18030, their superset, as browsers do: Chinese mail so labelled uses its 4-byte characters too. */
const GB18030_LABELS = new Set(['gb2312', 'gbk', 'x-gbk', 'cp936', 'euc-cn', 'csgb2312', 'chinese']);

/**
 * Bytes in a named charset → string, as the pager's mailparser decodes them (libmime, iconv-lite:
 * Node's TextDecoder read windows-1252's quotes as C1 controls and lost cp949's Korean), and
 * UTF-7, which libmime refuses. UTF-8 (declared, or no charset) and an unknown charset are read
 * by decodeBytes: UTF-8 where valid, a stray byte as Windows-1252.
 */
export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const named = (charset ?? '').trim().toLowerCase();
  const label = GB18030_LABELS.has(named) ? 'gb18030' : named;
  if (!label || label === 'utf-8' || label === 'us-ascii' || label === 'utf8') return decodeBytes(bytes);
  const kind = charsetKind(label);
  if (kind === 'utf-7') return decodeUtf7(bytes);
  return kind === 'known' ? decode(bytes, label) : decodeBytes(bytes);
}
