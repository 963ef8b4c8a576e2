// Pure: a raw header block → decoded, display-ready fields. Used for the index, where only the
// first few KB of each file are read.
import libmime from 'libmime';
import { parseAddressHeader } from 'mailparser';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { formatAddresses } from './format-address.js';

export type HeaderMap = Map<string, string[]>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes of unknown charset → string: UTF-8 if it is valid, else Latin-1 (never throws). */
export function decodeBytes(buf: Buffer): string {
  try {
    return utf8.decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

/** The header block of a message: everything before the first empty line (all of it if none). */
export function headerBlock(buf: Buffer): Buffer {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  return ends.length ? buf.subarray(0, Math.min(...ends)) : buf;
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

function decodeHeaderText(value: string): string {
  let decoded: string;
  try {
    decoded = libmime.decodeWords(value);
  } catch {
    decoded = value;
  }
  return sanitizeForTerminal(decoded);
}

export function decodeAddressHeader(values: string[] | undefined): string {
  if (!values?.length) return '';
  try {
    // The address parser drops a raw ESC but keeps the rest of its sequence: clean the text first.
    return formatAddresses(parseAddressHeader(values.map((v) => sanitizeForTerminal(v))).value);
  } catch {
    return decodeHeaderText(values.join(', '));
  }
}

function parseMessageIds(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

export interface HeaderSummary {
  date?: number;
  from: string;
  to: string;
  subject: string;
  messageId?: string;
  references: string[];
}

export function summarizeHeaders(headers: HeaderMap): HeaderSummary {
  const first = (name: string) => headers.get(name)?.[0];
  const parsedDate = Date.parse(first('date') ?? '');
  const references = parseMessageIds(headers.get('references')?.join(' '));
  for (const id of parseMessageIds(first('in-reply-to'))) {
    if (!references.includes(id)) references.push(id);
  }
  return {
    date: Number.isNaN(parsedDate) ? undefined : parsedDate,
    from: decodeAddressHeader(headers.get('from')),
    to: decodeAddressHeader(headers.get('to')),
    subject: decodeHeaderText(first('subject') ?? ''),
    messageId: parseMessageIds(first('message-id'))[0],
    references,
  };
}
