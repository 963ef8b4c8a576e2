// The attributes of one `* n FETCH (...)` response that the sync uses; others are read and skipped.
import type { ResponseCursor } from './response-parser.js';

export interface FetchAttributes {
  uid?: number;
  flags?: string[];
  size?: number;
  internalDate?: Date;
  modSeq?: number;
  /** The server's id of the message, the same in every mailbox: Gmail's X-GM-MSGID, RFC 8474's EMAILID. */
  emailId?: string;
  /**
   * BODY[...] sections by name as the server wrote them (`BODY[]`, `BODY[]<0>`), but for a header
   * list, which is written one way: `BODY[HEADER.FIELDS (MESSAGE-ID)]`, and a partial body, named
   * by its origin alone (see sectionName).
   */
  sections: Map<string, Buffer>;
}

export function readFetchAttributes(cursor: ResponseCursor): FetchAttributes {
  const attributes: FetchAttributes = { sections: new Map() };
  cursor.skipSpaces();
  if (!cursor.take('(')) throw cursor.error('FETCH without (');
  for (;;) {
    cursor.skipSpaces();
    if (cursor.take(')')) return attributes;
    if (cursor.atEnd) throw cursor.error('unterminated FETCH');
    const key = cursor.fetchItemName().toUpperCase();
    cursor.skipSpaces();
    switch (key) {
      case 'UID':
        attributes.uid = cursor.number();
        // A UID is a non-zero 32-bit number (RFC 3501 §2.3.1.1); others would end up in file names and state.
        if (attributes.uid < 1 || attributes.uid > 0xffffffff) throw cursor.error(`UID ${attributes.uid} out of range`);
        break;
      case 'RFC822.SIZE':
        attributes.size = cursor.number();
        break;
      case 'FLAGS':
        attributes.flags = cursor.flagList();
        break;
      case 'INTERNALDATE': {
        const text = cursor.string();
        const date = text === null ? undefined : parseInternalDate(text);
        if (date !== undefined) attributes.internalDate = date;
        break;
      }
      case 'MODSEQ': {
        const [value] = cursor.list();
        if (typeof value === 'string' && /^\d+$/.test(value)) attributes.modSeq = Number(value);
        break;
      }
      case 'X-GM-MSGID': {
        // 64 bits: kept as its digits, a JS number would round it.
        const id = cursor.value();
        if (typeof id === 'string' && /^\d{1,20}$/.test(id)) attributes.emailId = id;
        break;
      }
      case 'EMAILID': {
        const [id] = cursor.list();
        if (typeof id === 'string' && /^[A-Za-z0-9_-]{1,255}$/.test(id)) attributes.emailId = id;
        break;
      }
      default: {
        const value = cursor.value();
        if (key.startsWith('BODY[')) {
          const name = sectionName(key);
          if (Buffer.isBuffer(value)) attributes.sections.set(name, value);
          else if (typeof value === 'string') attributes.sections.set(name, Buffer.from(value, 'utf8'));
        }
      }
    }
  }
}

const HEADER_LIST = /^(BODY\[(?:[\d.]+\.)?HEADER\.FIELDS(?:\.NOT)? \()([^)]*)(\)\].*)$/;

/**
 * The name a section is found by, however the server wrote it. A partial body is named by its
 * origin (`BODY[]<0>`, RFC 3501 §7.4.2); some servers echo the range asked for
 * (`BODY[]<0.1048576>`), which imapflow reads as the same. A header list's field names are
 * astrings (RFC 3501): Courier-IMAP answers `BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]` with
 * `BODY[HEADER.FIELDS ("MESSAGE-ID")]`; they are written unquoted and one space apart.
 */
function sectionName(written: string): string {
  const key = written.replace(/<(\d+)\.\d+>$/, '<$1>');
  const m = HEADER_LIST.exec(key);
  if (m === null) return key;
  const fields = m[2]!.match(/"(?:[^"\\]|\\.)*"|[^\s"]+/g) ?? [];
  const names = fields.map((f) => (f.startsWith('"') ? f.slice(1, -1).replace(/\\(.)/g, '$1') : f));
  return `${m[1]}${names.join(' ')}${m[3]}`;
}

const MONTHS: Record<string, number> = {
  JAN: 0,
  FEB: 1,
  MAR: 2,
  APR: 3,
  MAY: 4,
  JUN: 5,
  JUL: 6,
  AUG: 7,
  SEP: 8,
  OCT: 9,
  NOV: 10,
  DEC: 11,
};
const INTERNALDATE = /^\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** `17-Jul-1996 02:44:25 -0700` (RFC 3501 date-time); undefined when malformed. */
export function parseInternalDate(text: string): Date | undefined {
  const m = INTERNALDATE.exec(text);
  if (m === null) return undefined;
  const month = MONTHS[m[2]!.toUpperCase()];
  if (month === undefined) return undefined;
  const [day, hour, minute, second, offsetHours, offsetMins] = [m[1], m[4], m[5], m[6], m[8], m[9]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 60 || offsetMins > 59) return undefined;
  const local = new Date(Date.UTC(Number(m[3]), month, day, hour, minute, second));
  // Date.UTC rolls 31-Feb over into March: such a date is malformed, not a date in March.
  if (local.getUTCDate() !== day || local.getUTCMonth() !== month) return undefined;
  const offsetMinutes = (m[7] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  return new Date(local.getTime() - offsetMinutes * 60_000);
}
