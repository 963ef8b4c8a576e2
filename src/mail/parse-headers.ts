// Pure: a raw header block → decoded, display-ready fields. Used for the index, where only the
// first few KB of each file are read.
import { sanitizeForTerminal } from '../text/sanitize.js';
import { decodeBytes } from './decode-bytes.js';
import { formatAddresses } from './format-address.js';
import { decodeWords, parseAddresses } from './parse-address.js';

export type HeaderMap = Map<string, string[]>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A header block → string, line by line as decodeBytes reads bytes: one header in Latin-1 (an
 * X-Mailer, a list's footer name) leaves the UTF-8 of the others as it is, not read as Latin-1.
 */
export function decodeHeaderBlock(head: Buffer): string {
  try {
    return utf8.decode(head);
  } catch {
    const lines: string[] = [];
    for (let start = 0; start <= head.length;) {
      const eol = head.indexOf(0x0a, start);
      const end = eol < 0 ? head.length : eol;
      lines.push(decodeBytes(head.subarray(start, end)));
      start = end + 1;
    }
    return lines.join('\n');
  }
}

/**
 * A message whose lines end in CR alone (classic Mac OS, some broken converters) with its CRs read
 * as line ends: such a message has no LF at all, and read as it is it was one line, its headers lost.
 * Any other message is returned as it is (a stray CR in a message with LFs is only a character).
 */
export function withLineFeeds(buf: Buffer): Buffer {
  if (buf.indexOf(0x0a) >= 0 || buf.indexOf(0x0d) < 0) return buf;
  const out = Buffer.from(buf);
  for (let at = out.indexOf(0x0d); at >= 0; at = out.indexOf(0x0d, at + 1)) out[at] = 0x0a;
  return out;
}

/** Header bytes and body bytes of a message or part (no body when there is no empty line). */
export function splitHeadBody(buf: Buffer): { head: Buffer; body: Buffer } {
  // A part may have no header lines: its blank line comes first (RFC 2046 5.1.1: text/plain then).
  if (buf[0] === 0x0a) return { head: buf.subarray(0, 0), body: buf.subarray(1) };
  if (buf[0] === 0x0d && buf[1] === 0x0a) return { head: buf.subarray(0, 0), body: buf.subarray(2) };
  // Line by line: a search for "\n\n" would run through the whole of a CRLF message.
  for (let eol = buf.indexOf(0x0a); eol >= 0; eol = buf.indexOf(0x0a, eol + 1)) {
    const next = buf[eol + 1];
    if (next === 0x0a)
      return { head: buf.subarray(0, eol > 0 && buf[eol - 1] === 0x0d ? eol - 1 : eol), body: buf.subarray(eol + 2) };
    if (next === 0x0d && buf[eol + 2] === 0x0a) {
      return { head: buf.subarray(0, eol > 0 && buf[eol - 1] === 0x0d ? eol - 1 : eol), body: buf.subarray(eol + 3) };
    }
  }
  return { head: buf, body: buf.subarray(buf.length) };
}

/** The header block of a message: everything before the first empty line (all of it if none). */
export function headerBlock(buf: Buffer): Buffer {
  return splitHeadBody(buf).head;
}

/** Unfolded header lines, in order. */
export function unfoldHeaderLines(block: string): string[] {
  const lines: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && lines.length) lines[lines.length - 1] += ' ' + line.trim();
    else if (line) lines.push(line);
  }
  return lines;
}

export function parseHeaderLines(lines: string[]): HeaderMap {
  const map: HeaderMap = new Map();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const list = map.get(name) ?? [];
    list.push(line.slice(colon + 1).trim());
    map.set(name, list);
  }
  return map;
}

/**
 * A subject is decoded from this many characters at most: the index (the whole head) and the
 * reader (its first 64 KB) then show the same text, without an encoded word cut in half.
 */
export const SUBJECT_CHARS = 16 * 1024;

function decodeHeaderText(value: string): string {
  return sanitizeForTerminal(decodeWords(value));
}

/** The subject's first SUBJECT_CHARS, cut where its words (and encoded words) end. */
function clipSubject(value: string): string {
  if (value.length <= SUBJECT_CHARS) return value;
  const space = value.lastIndexOf(' ', SUBJECT_CHARS);
  return `${value.slice(0, space > 0 ? space : SUBJECT_CHARS)} …`;
}

/**
 * Decoded address headers by their raw text: mail repeats a few senders and recipients (the owner,
 * lists, colleagues), and parsing one costs more than the rest of its header block. Emptied when full.
 */
const addressCache = new Map<string, string>();
const ADDRESS_CACHE_SIZE = 2000;

export function decodeAddressHeader(values: string[] | undefined): string {
  if (!values?.length) return '';
  const key = values.length === 1 ? values[0]! : values.join('\n');
  let decoded = addressCache.get(key);
  if (decoded === undefined) {
    if (addressCache.size >= ADDRESS_CACHE_SIZE) addressCache.clear();
    decoded = parseAddressHeader(values);
    addressCache.set(key, decoded);
  }
  return decoded;
}

function parseAddressHeader(values: string[]): string {
  try {
    // The address parser drops a raw ESC but keeps the rest of its sequence: clean the text first.
    return formatAddresses(parseAddresses(values.map((v) => sanitizeForTerminal(v))));
  } catch {
    return decodeHeaderText(values.join(', '));
  }
}

function parseMessageIds(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

/** A bare Message-ID, as one header line may hold it (RFC 5322's 998 characters less its name). */
const BARE_MESSAGE_ID = /^[^<>\s]{1,980}$/;

/**
 * A message's own id, bracketed as the others are stored. A bare one (`Message-ID: abc@x.org`, as
 * old clients and scripts write it) is kept as notmuch keeps it; bare In-Reply-To and References
 * ids are not read (notmuch does not thread by them either).
 */
function parseOwnMessageId(value: string | undefined): string | undefined {
  const bracketed = parseMessageIds(value)[0];
  if (bracketed !== undefined || value === undefined) return bracketed;
  return BARE_MESSAGE_ID.test(value) ? `<${value}>` : undefined;
}

export interface HeaderSummary {
  date?: number;
  from: string;
  to: string;
  subject: string;
  messageId?: string;
  references: string[];
}

/** A Date past year 9999 is a broken one: its year would not fit the reader's and search's date columns. */
const YEAR_10000 = Date.UTC(10000, 0, 1);

/**
 * A date names its month, in words (RFC 5322, ctime) or in digits (2024-01-02, 1/2/2024). V8's
 * Date.parse reads anything with a number in it: 'Date: 0' was 2000-01-01, '12' 2001-12-01. A date
 * without a month is no date, as for mutt: the message is dated by its file.
 */
const NAMES_A_MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d[-/.]\d{1,2}[-/.]\d/i;

function parseDate(text: string | undefined): number | undefined {
  if (text === undefined || !NAMES_A_MONTH.test(text)) return undefined;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) || parsed >= YEAR_10000 ? undefined : parsed;
}

export function summarizeHeaders(headers: HeaderMap): HeaderSummary {
  const first = (name: string) => headers.get(name)?.[0];
  const references = parseMessageIds(headers.get('references')?.join(' '));
  for (const id of parseMessageIds(first('in-reply-to'))) {
    if (!references.includes(id)) references.push(id);
  }
  return {
    date: parseDate(first('date')),
    from: decodeAddressHeader(headers.get('from')),
    to: decodeAddressHeader(headers.get('to')),
    subject: decodeHeaderText(clipSubject(first('subject') ?? '')),
    messageId: parseOwnMessageId(first('message-id')),
    references,
  };
}
