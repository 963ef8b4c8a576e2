// Reads the values of one framed response: atoms, numbers, quoted strings, literals, NIL and
// parenthesised lists (RFC 3501 §4), plus the tag / status / [response code] of status responses.
// Everything the server says is checked for shape here; callers get typed values or a protocol error.
import { LITERAL_MARK, type ResponseFrame } from './response-framer.js';
import { ImapProtocolError } from './protocol-error.js';

/** A parsed value: atom or string text, literal bytes, NIL as null, or a list. */
export type ImapValue = string | Buffer | null | ImapValue[];

const ATOM_END = new Set([' ', '(', ')', LITERAL_MARK, '"']);
/** Control characters are in no atom (RFC 3501 ATOM-CHAR); a bare CR in one is a broken line. */
const CONTROL = /[\x00-\x1f\x7f]/;
/** A FETCH item's name: letters, digits, dots and dashes, then a section and an origin for body items. */
const FETCH_ITEM = /^[A-Za-z0-9.-]+(\[[^\]]*\](<\d+(\.\d+)?>)?)?$/;
/** FETCH items whose `[section]` may hold spaces (RFC 3501 §6.4.5, RFC 3516). */
const SECTION_ATOM = /^(BODY|BODY\.PEEK|BINARY|BINARY\.PEEK|BINARY\.SIZE)$/i;
/** Deeper lists than any real response (BODYSTRUCTURE included) would otherwise overflow the stack. */
const MAX_LIST_DEPTH = 100;

export class ResponseCursor {
  private pos = 0;
  private literal = 0;
  private depth = 0;

  constructor(private readonly frame: ResponseFrame) {}

  /** A cursor at the same place, to read again from here. */
  clone(): ResponseCursor {
    const copy = new ResponseCursor(this.frame);
    copy.pos = this.pos;
    copy.literal = this.literal;
    return copy;
  }

  get atEnd(): boolean {
    return this.pos >= this.frame.text.length;
  }

  /** The unread text (for messages and errors). */
  rest(): string {
    return this.frame.text.slice(this.pos).replaceAll(LITERAL_MARK, '{literal}');
  }

  skipSpaces(): void {
    while (this.frame.text[this.pos] === ' ') this.pos++;
  }

  peek(): string | undefined {
    return this.frame.text[this.pos];
  }

  /** Consumes `char` if it comes next. */
  take(char: string): boolean {
    if (this.frame.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  /** An atom: `[` and `]` are ordinary characters here (Dovecot sends a mailbox Foo[Bar as the atom Foo[Bar). */
  atom(): string {
    const text = this.frame.text;
    const start = this.pos;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (c === LITERAL_MARK || ATOM_END.has(c)) break;
      this.pos++;
    }
    if (this.pos === start) throw this.error('expected an atom');
    const atom = text.slice(start, this.pos);
    if (CONTROL.test(atom)) throw this.error('control character in an atom');
    return atom;
  }

  /**
   * The name of a FETCH item: the section of BODY[HEADER.FIELDS (X)] is read whole, spaces and
   * all, and so is a following `<origin>` of a partial body. Only FETCH items have sections: a
   * mailbox named `Body[old` elsewhere is a plain atom.
   */
  fetchItemName(): string {
    const text = this.frame.text;
    const start = this.pos;
    let inSection = false;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (c === LITERAL_MARK) break;
      if (inSection) inSection = c !== ']';
      else if (ATOM_END.has(c)) break;
      else if (c === '[') inSection = SECTION_ATOM.test(text.slice(start, this.pos));
      this.pos++;
    }
    if (inSection) throw this.error('unterminated section');
    const name = text.slice(start, this.pos);
    if (!FETCH_ITEM.test(name)) throw this.error(`expected a FETCH item, got ${name.slice(0, 40)}`);
    return name;
  }

  /** The text of a `[response code]` after its `[`, up to and past the closing `]`. */
  atomInBrackets(): string {
    const text = this.frame.text;
    const end = text.indexOf(']', this.pos);
    if (end === -1) throw this.error('unterminated response code');
    const inner = text.slice(this.pos, end);
    this.pos = end + 1;
    return inner;
  }

  /** A non-negative integer (an atom of digits). */
  number(): number {
    const atom = this.atom();
    if (!/^\d{1,20}$/.test(atom)) throw this.error(`expected a number, got ${atom.slice(0, 40)}`);
    return Number(atom);
  }

  /** Any value; atoms (and NIL, as null) and quoted strings come back as text. */
  value(): ImapValue {
    this.skipSpaces();
    const c = this.frame.text[this.pos];
    if (c === undefined) throw this.error('response ended early');
    if (c === '(') return this.list();
    if (c === '"') return this.quoted();
    // A literal8 (RFC 3516 `~{n}`), as some servers write a body, is a literal like any other.
    if (c === '~' && this.frame.text[this.pos + 1] === LITERAL_MARK) this.pos++;
    if (this.frame.text[this.pos] === LITERAL_MARK) {
      this.pos++;
      const literal = this.frame.literals[this.literal++];
      if (literal === undefined) throw this.error('literal missing');
      return literal;
    }
    const atom = this.atom();
    return atom.toUpperCase() === 'NIL' ? null : atom;
  }

  /** A string value (quoted, literal or atom); NIL is null. */
  string(): string | null {
    const v = this.value();
    if (v === null || typeof v === 'string') return v;
    if (Buffer.isBuffer(v)) return v.toString('utf8');
    throw this.error('expected a string, got a list');
  }

  list(): ImapValue[] {
    this.skipSpaces();
    if (!this.take('(')) throw this.error('expected (');
    if (++this.depth > MAX_LIST_DEPTH) throw this.error(`lists nested deeper than ${MAX_LIST_DEPTH}`);
    const items: ImapValue[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.take(')')) {
        this.depth--;
        return items;
      }
      if (this.atEnd) throw this.error('unterminated list');
      items.push(this.value());
    }
  }

  /**
   * A list of flags: atoms, with NIL an atom like any other (Dovecot accepts the keyword `NIL`
   * and lists it in FLAGS). Anything else in it is a protocol error.
   */
  flagList(): string[] {
    this.skipSpaces();
    if (!this.take('(')) throw this.error('expected (');
    const flags: string[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.take(')')) return flags;
      if (this.atEnd) throw this.error('unterminated list');
      const c = this.frame.text[this.pos];
      if (c === '(' || c === '"' || c === LITERAL_MARK) throw this.error('FLAGS holds a non-atom');
      flags.push(this.atom());
    }
  }

  private quoted(): string {
    const text = this.frame.text;
    this.pos++; // opening quote
    let out = '';
    for (;;) {
      const c = text[this.pos++];
      if (c === undefined) throw this.error('unterminated quoted string');
      if (c === '"') return out;
      // A quoted string holds no CRLF, so no literal either: the line was cut inside it.
      if (c === LITERAL_MARK) throw this.error('literal inside a quoted string');
      if (c === '\\') {
        const next = text[this.pos++];
        if (next === undefined) throw this.error('unterminated quoted string');
        out += next;
      } else {
        out += c;
      }
    }
  }

  error(what: string): ImapProtocolError {
    return new ImapProtocolError(
      `unreadable server response (${what}): ${this.frame.text.slice(0, 120).replaceAll(LITERAL_MARK, '{literal}')}`,
    );
  }
}

export type StatusWord = 'OK' | 'NO' | 'BAD' | 'BYE' | 'PREAUTH';
const STATUS_WORDS = new Set<string>(['OK', 'NO', 'BAD', 'BYE', 'PREAUTH']);

export interface StatusResponse {
  status: StatusWord;
  /** The response code without brackets, e.g. `UIDVALIDITY 3`, `OVERQUOTA`, `CAPABILITY IMAP4rev1 ...`. */
  code?: string;
  text: string;
}

/** One response: a tagged completion, a continuation, or untagged data (`* ...`) read by the caller. */
export type ParsedResponse =
  | { kind: 'tagged'; tag: string; result: StatusResponse }
  | { kind: 'continuation'; text: string }
  | { kind: 'status'; result: StatusResponse }
  /** `* <n> NAME ...` or `* NAME ...`: number when the response starts with one; `cursor` is after NAME. */
  | { kind: 'data'; name: string; number?: number; cursor: ResponseCursor };

function statusAfter(cursor: ResponseCursor, status: StatusWord): StatusResponse {
  cursor.skipSpaces();
  let code: string | undefined;
  if (cursor.take('[')) {
    code = cursor.atomInBrackets();
    cursor.skipSpaces();
  }
  return { status, ...(code !== undefined ? { code } : {}), text: cursor.rest() };
}

export function parseResponse(frame: ResponseFrame): ParsedResponse {
  const cursor = new ResponseCursor(frame);
  if (cursor.take('+')) {
    cursor.skipSpaces();
    return { kind: 'continuation', text: cursor.rest() };
  }
  const tag = cursor.atom();
  cursor.skipSpaces();
  if (tag !== '*') {
    const word = cursor.atom().toUpperCase();
    if (word !== 'OK' && word !== 'NO' && word !== 'BAD') throw cursor.error(`bad completion ${word.slice(0, 20)}`);
    return { kind: 'tagged', tag, result: statusAfter(cursor, word) };
  }
  const first = cursor.atom();
  if (STATUS_WORDS.has(first.toUpperCase()))
    return { kind: 'status', result: statusAfter(cursor, first.toUpperCase() as StatusWord) };
  if (/^\d+$/.test(first)) {
    cursor.skipSpaces();
    return { kind: 'data', number: Number(first), name: cursor.atom().toUpperCase(), cursor };
  }
  return { kind: 'data', name: first.toUpperCase(), cursor };
}
