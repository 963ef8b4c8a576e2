// What a client makes of one response, in a form both parsers can be brought to: the fields
// mailkeep reads (status, code, text; FETCH UID/FLAGS/size/sections; LIST; STATUS; name and number).

export type NormalForm =
  | { kind: 'tagged'; tag: string; status: string; code?: string; text: string }
  | { kind: 'status'; status: string; code?: string; text: string }
  | { kind: 'continuation'; text: string }
  | { kind: 'fetch'; seq: number; uid?: number; flags?: string[]; size?: number; sections: Record<string, string> }
  | { kind: 'list'; flags: string[]; delimiter: string | null; name: string | null }
  | { kind: 'status-data'; name: string | null; items: Record<string, string> }
  | { kind: 'data'; name: string; number?: number };

/** A LIST without a name (NIL): skipped by the client, whatever its flags and delimiter. */
export const NAMELESS: NormalForm = { kind: 'list', flags: [], delimiter: null, name: null };

/** A response code by its first word: the rest is free-form and written differently by each parser. */
export const codeWord = (code: string) => code.trim().split(/[\s(]/, 1)[0]!.toUpperCase();

/** Section names as the server wrote them, spaces collapsed: `BODY[HEADER.FIELDS (A B)]<0>`. */
export const sectionKey = (name: string) => name.toUpperCase().replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');

export const hexOf = (data: Buffer | string) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('hex');

/** Which field two forms differ in (for the table of differences), or undefined when equal. */
export function difference(a: NormalForm, b: NormalForm): string | undefined {
  if (a.kind !== b.kind) return `kind ${a.kind}/${b.kind}`;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    if (JSON.stringify(left[key]) !== JSON.stringify(right[key])) return `${a.kind}.${key}`;
  }
  return undefined;
}
