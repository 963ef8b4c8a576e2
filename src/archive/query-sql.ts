// Pure: a query tree → one SQL condition over `message m JOIN folder f` and its parameters. Text
// terms become FTS5 MATCH expressions, every term a quoted string (so no input is FTS5 syntax), and
// neighbouring text terms are merged into one MATCH; a term without a word character (FTS5 would
// find nothing to look for) is matched literally against the headers instead.
import type { Query, TextField } from './query-parse.js';

export interface SqlCondition {
  sql: string;
  params: (string | number)[];
  /** It names `f` (a folder: or account: term): the query needs `JOIN folder f`. */
  usesFolder: boolean;
  /** Every row it finds has one Message-ID (an `id:` term, alone or and-ed): look them up by id. */
  byMessageId: boolean;
  /** The whole query is this one FTS5 expression: its hits can be counted in FTS5 alone. */
  match?: string;
}

const COLUMNS: Record<TextField, string> = {
  from: '{sender}',
  to: '{recipients}',
  subject: '{subject}',
  body: '{body}',
  attachment: '{attachments}',
};

const WORD = /[\p{L}\p{N}]/u;

export function compileQuery(query: Query): SqlCondition {
  const params: (string | number)[] = [];
  const sql = compile(query, params);
  return {
    sql,
    params,
    usesFolder: usesFolder(query),
    byMessageId: byMessageId(query),
    ...(isFts(query) ? { match: ftsExpression(query) } : {}),
  };
}

function byMessageId(query: Query): boolean {
  return query.kind === 'id' || (query.kind === 'and' && query.items.some(byMessageId));
}

function usesFolder(query: Query): boolean {
  if (query.kind === 'folder' || query.kind === 'account') return true;
  if (query.kind === 'and' || query.kind === 'or') return query.items.some(usesFolder);
  return query.kind === 'not' && usesFolder(query.item);
}

function compile(query: Query, params: (string | number)[]): string {
  if (isFts(query)) {
    params.push(ftsExpression(query));
    return 'm.id IN (SELECT rowid FROM message_text WHERE message_text MATCH ?)';
  }
  switch (query.kind) {
    case 'and':
    case 'or':
      return compileList(query.kind, query.items, params);
    case 'not':
      return `NOT (${compile(query.item, params)})`;
    case 'text':
      return literalMatch(query.value, query.field, params);
    case 'folder':
    case 'account':
      params.push(nameParam(query.name, query.prefix));
      return `${query.kind === 'folder' ? 'f.name' : 'f.account'} ${nameOp(query.prefix)}`;
    case 'label':
      params.push(nameParam(query.name, query.prefix));
      return `m.inode IN (SELECT m2.inode FROM message m2 JOIN folder f2 ON f2.id = m2.folder WHERE f2.name ${nameOp(query.prefix)})`;
    case 'date':
      return dateCondition(query, params);
    case 'id':
      // Looked up once (by message_message_id), then checked by id, which the date index holds.
      params.push(query.messageId);
      return 'm.id IN (SELECT id FROM message WHERE message_id = ?)';
    case 'attachment':
      return 'm.attachments > 0';
    case 'flag':
      params.push(`%${query.flag}%`);
      return query.set ? 'm.flags LIKE ?' : 'm.flags NOT LIKE ?';
    case 'all':
      return '1';
  }
}

/**
 * An `and`/`or` whose text terms go into one MATCH, the rest into SQL. The MATCH comes last: a
 * row the cheap terms (date, flags, attachments, read from the date index) rule out is never
 * looked up among the text's hits.
 */
function compileList(kind: 'and' | 'or', items: Query[], params: (string | number)[]): string {
  const fts = items.filter(isFts);
  const parts = items.filter((item) => !isFts(item)).map((item) => compile(item, params));
  if (fts.length) parts.push(compile(fts.length === 1 ? fts[0]! : { kind, items: fts }, params));
  return balanced(parts, kind === 'and' ? ' AND ' : ' OR ');
}

/**
 * `(a OR b OR c …)` nests as deep as it is long in SQLite's expression tree (at most 1,000 deep):
 * a long list is grouped in halves instead, as deep as the log of its length.
 */
function balanced(parts: string[], op: string): string {
  if (parts.length <= 16) return `(${parts.join(op)})`;
  const half = Math.ceil(parts.length / 2);
  return `(${balanced(parts.slice(0, half), op)}${op}${balanced(parts.slice(half), op)})`;
}

function isFts(query: Query): boolean {
  if (query.kind === 'text') return WORD.test(query.value);
  if (query.kind === 'and' || query.kind === 'or') return query.items.every(isFts);
  return false;
}

function ftsExpression(query: Query): string {
  if (query.kind === 'and' || query.kind === 'or') {
    return `(${query.items.map(ftsExpression).join(query.kind === 'and' ? ' AND ' : ' OR ')})`;
  }
  if (query.kind !== 'text') throw new Error(`not a text term: ${query.kind}`);
  const quoted = `"${query.value.replace(/"/g, '""')}"${query.prefix ? ' *' : ''}`;
  if (query.field === undefined) return quoted;
  return `${COLUMNS[query.field]} : ${quoted}`;
}

function literalMatch(value: string, field: TextField | undefined, params: (string | number)[]): string {
  const columns =
    field === 'from'
      ? ['m.sender']
      : field === 'to'
        ? ['m.recipients', 'm.cc']
        : field === 'subject'
          ? ['m.subject']
          : ['m.sender', 'm.recipients', 'm.cc', 'm.subject'];
  const pattern = `%${value.replace(/[\\%_]/g, '\\$&')}%`;
  params.push(...columns.map(() => pattern));
  return `(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`;
}

function nameParam(name: string, prefix: boolean): string {
  return prefix ? `${name.replace(/[\\%_]/g, '\\$&')}%` : name;
}

function nameOp(prefix: boolean): string {
  return prefix ? "LIKE ? ESCAPE '\\'" : '= ? COLLATE NOCASE';
}

function dateCondition(query: { from?: number; until?: number }, params: (string | number)[]): string {
  const parts: string[] = [];
  if (query.from !== undefined) {
    parts.push('m.date >= ?');
    params.push(query.from);
  }
  if (query.until !== undefined) {
    parts.push('m.date < ?');
    params.push(query.until);
  }
  return `(${parts.join(' AND ')})`;
}
