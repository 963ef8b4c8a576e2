// A query string → the rows it finds, newest first. Only a QueryError (one line, fit to show)
// leaves here for anything the user typed; SQLite is never handed their text as syntax.
import type { IndexDb } from './index-file.js';
import type { MessageRow } from './message-row.js';
import { parseQuery } from './query-parse.js';
import { compileQuery, type SqlCondition } from './query-sql.js';
import { ROW_COLUMNS, rowFromSql, type SqlRow } from './read-rows.js';

export interface SearchOptions {
  /** At most this many rows (the newest). */
  limit?: number;
  /** The clock relative dates count back from (ms since epoch); the real one by default. */
  now?: number;
}

/** The newest ids a query finds (newest first) and how many it finds in all. */
export interface SearchPage {
  ids: number[];
  total: number;
}

const NEWEST_FIRST = 'ORDER BY m.date DESC, m.id DESC';
const BY_DATE = 'INDEXED BY message_date';
const PASS_IDS = 4;

export function searchIndex(db: IndexDb, query: string, options: SearchOptions = {}): MessageRow[] {
  const condition = compileQuery(parseQuery(query, options.now));
  if (options.limit !== undefined) return rowsByIds(db, newestIds(db, condition, options.limit));
  const sql = `SELECT ${ROW_COLUMNS} FROM message m JOIN folder f ON f.id = m.folder
    WHERE ${condition.sql} ${NEWEST_FIRST}`;
  return db
    .prepare<(string | number)[], SqlRow>(sql)
    .all(...condition.params)
    .map(rowFromSql);
}

/** Number of rows a query finds (for a count without the rows). */
export function countMatches(db: IndexDb, query: string): number {
  return countCondition(db, compileQuery(parseQuery(query)));
}

/** The ids of every row a query finds, newest first. */
export function searchIds(db: IndexDb, query: string): number[] {
  const condition = compileQuery(parseQuery(query));
  const sql = `SELECT m.id FROM ${tables(condition)} WHERE ${condition.sql} ${NEWEST_FIRST}`;
  return db
    .prepare<(string | number)[], number>(sql)
    .pluck()
    .all(...condition.params);
}

/**
 * The newest `limit` ids a query finds and how many it finds: what a screen of results needs.
 * Every id of a broad query (100k of them) would cost more than the rest of the search together.
 * One pass fetches up to PASS_IDS × `limit` ids: a query finding no more than that is counted by
 * it (its text terms, a phrase's above all, are evaluated once); only a broader one is counted on
 * its own.
 */
export function searchPage(db: IndexDb, query: string, limit: number, now?: number): SearchPage {
  const condition = compileQuery(parseQuery(query, now));
  const wanted = Math.max(0, Math.floor(limit));
  const pass = newestIds(db, condition, wanted * PASS_IDS);
  const total = pass.length < wanted * PASS_IDS ? pass.length : countCondition(db, condition);
  return { ids: pass.slice(0, wanted), total };
}

/** The rows of these ids, in the order given (a page of searchIds); ids no longer there are left out. */
export function rowsByIds(db: IndexDb, ids: readonly number[]): MessageRow[] {
  const sql = `SELECT ${ROW_COLUMNS} FROM message m JOIN folder f ON f.id = m.folder
    WHERE m.id IN (SELECT value FROM json_each(?))`;
  const byId = new Map(
    db
      .prepare<[string], SqlRow>(sql)
      .all(JSON.stringify(ids))
      .map((r) => [r.id, rowFromSql(r)]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * A text-only query counts in FTS5 alone (IndexWriter adds and removes a message's row and its
 * text in one transaction, so the two tables hold the same ids); others as newestIds walks.
 */
function countCondition(db: IndexDb, condition: SqlCondition): number {
  const sql = condition.match
    ? 'SELECT count(*) FROM message_text WHERE message_text MATCH ?'
    : `SELECT count(*) FROM ${tables(condition, walk(condition))} WHERE ${condition.sql}`;
  return db
    .prepare<(string | number)[], number>(sql)
    .pluck()
    .get(...(condition.match ? [condition.match] : condition.params))!;
}

/**
 * Walks the date index (it holds what the query filters on but text) from its newest end and stops
 * after `limit` hits. Left to itself SQLite looks every text hit up by id and sorts them all: 5×
 * slower for a word in most messages.
 */
function newestIds(db: IndexDb, condition: SqlCondition, limit: number): number[] {
  const sql = `SELECT m.id FROM ${tables(condition, walk(condition))} WHERE ${condition.sql} ${NEWEST_FIRST} LIMIT ?`;
  return db
    .prepare<(string | number)[], number>(sql)
    .pluck()
    .all(...condition.params, Math.max(0, Math.floor(limit)));
}

/**
 * The date index, but for a query of one Message-ID: SQLite looks its few rows up by id and sorts
 * them (0.3 ms on 100k messages), where a walk by date checks every row.
 */
function walk(condition: SqlCondition): string {
  return condition.byMessageId ? '' : BY_DATE;
}

/** `message m`, joined to its folder only when the query names one (the join costs a lookup a row). */
function tables(condition: SqlCondition, messageIndex = ''): string {
  return `message m ${messageIndex}${condition.usesFolder ? ' JOIN folder f ON f.id = m.folder' : ''}`;
}
