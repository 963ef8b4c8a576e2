// imapflow's framer (ImapStream) and parser as the oracle, its output brought to the normal form.
import parser from 'imapflow/lib/handler/imap-parser.js';
import { ImapStream } from 'imapflow/lib/handler/imap-stream.js';
import type { Limits } from './ours.js';
import { codeWord, hexOf, NAMELESS, sectionKey, type NormalForm } from './normal-form.js';

export type OracleOutcome = { form: NormalForm } | { error: string };

interface Node {
  type?: string;
  value?: unknown;
  section?: Node[];
  partial?: number[];
}
type Value = Node | Value[] | null;

const text = (v: Value): string => {
  if (v === null) return 'NIL';
  if (Array.isArray(v)) return `(${v.map(text).join(' ')})`;
  return Buffer.isBuffer(v.value) ? v.value.toString('utf8') : String(v.value ?? '');
};
const isNil = (v: Value) => v === null;
const str = (v: Value): string | null => (isNil(v) ? null : text(v));

function fetchForm(seq: number, pairs: Value[]): NormalForm {
  const form: Extract<NormalForm, { kind: 'fetch' }> = { kind: 'fetch', seq, sections: {} };
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const key = pairs[i] as Node;
    const value = pairs[i + 1]!;
    const name = String(key.value).toUpperCase();
    if (key.section !== undefined && name === 'BINARY') continue; // mailkeep never asks for BINARY
    if (key.section !== undefined) {
      const partial = key.partial !== undefined ? `<${key.partial[0]}>` : '';
      const full = sectionKey(`${name}[${key.section.map(text).join(' ')}]${partial}`);
      if (!isNil(value) && !Array.isArray(value)) {
        form.sections[full] = hexOf(Buffer.isBuffer((value as Node).value) ? ((value as Node).value as Buffer) : text(value));
      }
    } else if (name === 'UID') form.uid = Number(text(value));
    else if (name === 'RFC822.SIZE') form.size = Number(text(value));
    else if (name === 'FLAGS') form.flags = (value as Value[]).map((f) => (f === null ? 'NIL' : text(f)));
  }
  return form;
}

function toForm(r: { tag: string; command: string; attributes?: Value[] }): NormalForm {
  const attrs = r.attributes ?? [];
  if (r.tag === '+') return { kind: 'continuation', text: attrs.map(text).join(' ').trim() };
  const command = r.command.toUpperCase();
  if (['OK', 'NO', 'BAD', 'BYE', 'PREAUTH'].includes(command)) {
    const first = attrs[0] as Node | undefined;
    const code = first?.section !== undefined ? codeWord(first.section.map(text).join(' ')) : undefined;
    const rest = (code !== undefined ? attrs.slice(1) : attrs).map(text).join(' ').trim();
    const base = { status: command, ...(code !== undefined ? { code } : {}), text: rest };
    return r.tag === '*' ? { kind: 'status', ...base } : { kind: 'tagged', tag: r.tag, ...base };
  }
  if (/^\d+$/.test(command)) {
    const name = text(attrs[0] ?? null).toUpperCase();
    if (name === 'FETCH') return fetchForm(Number(command), (attrs[1] as Value[]) ?? []);
    return { kind: 'data', name, number: Number(command) };
  }
  if (command === 'LIST') {
    const flags = ((attrs[0] as Value[]) ?? []).filter((f) => f !== null).map((f) => text(f).toLowerCase());
    const name = str(attrs[2] ?? null);
    return name === null ? NAMELESS : { kind: 'list', flags, delimiter: str(attrs[1] ?? null) || null, name };
  }
  if (command === 'STATUS') {
    const list = (attrs[1] as Value[]) ?? [];
    const items: Record<string, string> = {};
    for (let i = 0; i + 1 < list.length; i += 2) items[text(list[i]!).toUpperCase()] = text(list[i + 1]!);
    return { kind: 'status-data', name: str(attrs[0] ?? null), items };
  }
  return { kind: 'data', name: command };
}

/** imapflow over the same chunks: each response parsed, or the error its stream ended with. */
export async function runOracle(chunks: Buffer[], limits: Limits): Promise<{ outcomes: OracleOutcome[]; streamError?: string }> {
  const stream = new ImapStream({ logger: false, maxLineLength: limits.maxLineBytes, maxLiteralSize: limits.maxLiteralBytes });
  const items: { payload: Buffer; literals: Buffer[] }[] = [];
  let streamError: string | undefined;
  stream.on('data', (item: { payload: Buffer; literals: Buffer[]; next?: () => void }) => {
    items.push(item);
    item.next?.();
  });
  const done = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', (error: Error & { code?: string }) => {
      streamError = error.code ?? error.message;
      resolve();
    });
  });
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  stream.resume();
  await done;
  const outcomes: OracleOutcome[] = [];
  for (const item of items) {
    try {
      const parsed = (await parser(item.payload, { literals: item.literals })) as unknown as Parameters<typeof toForm>[0];
      outcomes.push({ form: toForm(parsed) });
    } catch (error) {
      outcomes.push({ error: (error as { code?: string }).code ?? String(error) });
    }
  }
  return { outcomes, ...(streamError !== undefined ? { streamError } : {}) };
}
