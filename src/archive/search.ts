// A query string → the rows it finds, newest first. Only a QueryError (one line, fit to show)
// leaves here for anything the user typed; SQLite is never handed their text as syntax.
import type { IndexDb } from './index-file.js';
import type { MessageRow } from './message-row.js';
import { parseQuery } from './query-parse.js';
import { compileQuery } from './query-sql.js';
import { ROW_COLUMNS, rowFromSql, type SqlRow } from './read-rows.js';

export interface SearchOptions {
  /** At most this many rows (the newest). */
  limit?: number;
}

export function searchIndex(db: IndexDb, query: string, options: SearchOptions = {}): MessageRow[] {
  const condition = compileQuery(parseQuery(query));
  const limit = options.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(options.limit))}` : '';
  const sql = `SELECT ${ROW_COLUMNS} FROM message m JOIN folder f ON f.id = m.folder
    WHERE ${condition.sql} ORDER BY m.date DESC, m.id DESC${limit}`;
  return db
    .prepare<(string | number)[], SqlRow>(sql)
    .all(...condition.params)
    .map(rowFromSql);
}

/** Number of rows a query finds (for a count without the rows). */
export function countMatches(db: IndexDb, query: string): number {
  const condition = compileQuery(parseQuery(query));
  const sql = `SELECT count(*) AS n FROM message m JOIN folder f ON f.id = m.folder WHERE ${condition.sql}`;
  return db.prepare<(string | number)[], { n: number }>(sql).get(...condition.params)!.n;
}

/** The ids of the rows a query finds, newest first: cheap even when most of the archive matches. */
export function searchIds(db: IndexDb, query: string): number[] {
  const condition = compileQuery(parseQuery(query));
  const sql = `SELECT m.id FROM message m JOIN folder f ON f.id = m.folder WHERE ${condition.sql}
    ORDER BY m.date DESC, m.id DESC`;
  return db
    .prepare<(string | number)[], number>(sql)
    .pluck()
    .all(...condition.params);
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
