// mailkeep's framer and parser over a byte stream, responses in the normal form. Only
// ImapProtocolError may come out of them; anything else is a crash the fuzzer reports.
import { readFetchAttributes } from '../../src/engine/imap/fetch-response.js';
import { readListEntry, readStatusResponse } from '../../src/engine/imap/list-status.js';
import { ImapProtocolError } from '../../src/engine/imap/protocol-error.js';
import { ResponseFramer, type ResponseFrame } from '../../src/engine/imap/response-framer.js';
import { parseResponse, type ImapValue, type ResponseCursor } from '../../src/engine/imap/response-parser.js';
import { codeWord, hexOf, NAMELESS, sectionKey, type NormalForm } from './normal-form.js';

export interface Limits {
  maxLineBytes: number;
  maxLiteralBytes: number;
}

/** One response, or the protocol error it raised. */
export type Outcome = { form: NormalForm } | { error: string };

const render = (v: ImapValue): string =>
  v === null ? 'NIL' : Array.isArray(v) ? `(${v.map(render).join(' ')})` : Buffer.isBuffer(v) ? v.toString('utf8') : v;

function statusItems(cursor: ResponseCursor): Record<string, string> {
  const items = cursor.list();
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < items.length; i += 2) out[render(items[i]!).toUpperCase()] = render(items[i + 1]!);
  return out;
}

export function normalize(frame: ResponseFrame): NormalForm {
  const r = parseResponse(frame);
  if (r.kind === 'continuation') return { kind: 'continuation', text: r.text.trim() };
  if (r.kind === 'tagged' || r.kind === 'status') {
    const { status, code, text } = r.result;
    const base = { status, ...(code !== undefined ? { code: codeWord(code) } : {}), text: text.trim() };
    return r.kind === 'tagged' ? { kind: 'tagged', tag: r.tag, ...base } : { kind: 'status', ...base };
  }
  const { cursor } = r;
  if (r.name === 'FETCH' && r.number !== undefined) {
    const a = readFetchAttributes(cursor);
    const sections = Object.fromEntries([...a.sections].map(([k, v]) => [sectionKey(k), hexOf(v)]));
    return {
      kind: 'fetch',
      seq: r.number,
      ...(a.uid !== undefined ? { uid: a.uid } : {}),
      ...(a.flags ? { flags: a.flags } : {}),
      ...(a.size !== undefined ? { size: a.size } : {}),
      sections,
    };
  }
  if (r.name === 'LIST' && r.number === undefined) {
    const entry = readListEntry(cursor);
    return entry === undefined
      ? NAMELESS
      : { kind: 'list', flags: entry.flags, delimiter: entry.delimiter, name: entry.wire };
  }
  if (r.name === 'STATUS' && r.number === undefined) {
    // The session's own reader must not crash on it either.
    readStatusResponse(cursor.clone());
    const name = cursor.string();
    cursor.skipSpaces();
    return { kind: 'status-data', name, items: statusItems(cursor) };
  }
  return { kind: 'data', name: r.name, ...(r.number !== undefined ? { number: r.number } : {}) };
}

/** Frames from `chunks`, each normalized; a framing error ends the stream (the connection would close). */
export function runOurs(
  chunks: Buffer[],
  limits: Limits,
): { outcomes: Outcome[]; frames: ResponseFrame[]; streamError?: string } {
  const frames: ResponseFrame[] = [];
  const outcomes: Outcome[] = [];
  const framer = new ResponseFramer(limits, (frame) => {
    frames.push(frame);
    try {
      outcomes.push({ form: normalize(frame) });
    } catch (error) {
      if (!(error instanceof ImapProtocolError)) throw error;
      outcomes.push({ error: error.message });
    }
  });
  try {
    for (const chunk of chunks) framer.push(chunk);
  } catch (error) {
    if (!(error instanceof ImapProtocolError)) throw error;
    return { outcomes, frames, streamError: error.message };
  }
  return { outcomes, frames };
}
