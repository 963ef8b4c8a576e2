// The archive index measured on a Maildir tree, beside notmuch on the same tree: build time, peak
// RSS and CPU of `mailkeep index` and `notmuch new` (each a child process under GNU time), index
// size ÷ mail bytes, and query times (what the reader's search asks: the newest SEARCH_RESULT_LIMIT
// ids and the count, then the rows of the first screen) over copies of the tree hard-linked until
// they hold ~100k messages. Run alone: `node --import tsx
// test/bench/archive-index.ts ROOT` (after `npm run build`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openIndex, rowsByIds, searchPage, listIndexedFolders, type IndexDb } from '../../src/archive/index.js';
import { SEARCH_RESULT_LIMIT } from '../../src/reader/index.js';
import { ensureProgram } from '../support/system-packages.js';
import { diskBytes } from './gmail-phase.js';
import { measure, type Measurement } from './measure.js';

export const QUERY_MIX = [
  'from:alice',
  '"quarterly report"',
  'date:2023-01..2023-06',
  'budg*',
  'from:bob and subject:invoice and not is:unread',
  '(hotel or flight) and has:attachment and date:2021..',
];

export interface QueryTiming {
  query: string;
  hits: number;
  p50Ms: number;
  p95Ms: number;
}

export interface ArchiveIndexResult {
  messages: number;
  mailBytes: number;
  build: Measurement;
  indexBytes: number;
  notmuch?: Measurement & { databaseBytes: number };
  queryMessages: number;
  queries: QueryTiming[];
  /** p95 over every run of every query of the mix. */
  queryP95Ms: number;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export async function measureArchiveIndex(
  mailRoot: string,
  scratch: string,
  options: { notmuch?: boolean; queryMessages?: number; runs?: number } = {},
): Promise<ArchiveIndexResult> {
  mkdirSync(scratch, { recursive: true });
  const cache = path.join(scratch, 'cache');
  const build = await runIndex(mailRoot, cache, path.join(scratch, 'index.log'));
  const file = path.join(cache, 'mailkeep', 'archive.sqlite');
  const db = openIndex(file)!;
  const messages = listIndexedFolders(db).reduce((n, f) => n + f.total, 0);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const result: Omit<ArchiveIndexResult, 'queries' | 'queryP95Ms' | 'queryMessages'> = {
    messages,
    mailBytes: diskBytes(mailRoot),
    build,
    indexBytes: statSync(file).size,
    ...(options.notmuch !== false ? { notmuch: await measureNotmuch(mailRoot, scratch) } : {}),
  };
  const big = await indexCopies(mailRoot, messages, scratch, options.queryMessages ?? 100_000);
  const timings = timeQueries(big.db, options.runs ?? 20);
  big.db.close();
  return { ...result, queryMessages: big.messages, ...timings };
}

/** `mailkeep index ROOT` as a child under GNU time, its index under `cache`. */
function runIndex(root: string, cache: string, logFile: string): Promise<Measurement> {
  return measure({
    command: process.execPath,
    args: [path.join(repoRoot, 'bin', 'mailkeep.js'), 'index', root, '--quiet'],
    env: { ...process.env, XDG_CACHE_HOME: cache },
    logFile,
  });
}

async function measureNotmuch(mailRoot: string, scratch: string): Promise<Measurement & { databaseBytes: number }> {
  const notmuch = ensureProgram('notmuch', 'notmuch');
  const database = path.join(scratch, 'notmuch');
  mkdirSync(database, { recursive: true });
  const config = path.join(scratch, 'notmuch-config');
  writeFileSync(config, `[database]\npath=${database}\nmail_root=${mailRoot}\n[new]\ntags=unread;inbox\n`);
  const run = await measure({
    command: notmuch,
    args: ['new', '--quiet'],
    env: { ...process.env, NOTMUCH_CONFIG: config },
    logFile: path.join(scratch, 'notmuch.log'),
  });
  return { ...run, databaseBytes: diskBytes(database) };
}

/** Hard-linked copies of the tree (no extra mail bytes) indexed together until `want` messages. */
async function indexCopies(mailRoot: string, perCopy: number, scratch: string, want: number) {
  const copies = path.join(scratch, 'copies');
  const count = Math.max(1, Math.ceil(want / Math.max(1, perCopy)));
  mkdirSync(copies, { recursive: true });
  for (let i = 1; i <= count; i++) execFileSync('cp', ['-al', mailRoot, path.join(copies, `copy-${i}`)]);
  const cache = path.join(scratch, 'cache-copies');
  const run = await runIndex(copies, cache, path.join(scratch, 'index-copies.log'));
  if (run.exitCode !== 0) throw new Error(`mailkeep index of the copies failed (see ${scratch}/index-copies.log)`);
  const db = openIndex(path.join(cache, 'mailkeep', 'archive.sqlite'), { readonly: true })!;
  return { db, messages: listIndexedFolders(db).reduce((n, f) => n + f.total, 0) };
}

/** What a search costs the reader: its newest ids and count, and the rows of the first screen. */
function timeQueries(db: IndexDb, runs: number): { queries: QueryTiming[]; queryP95Ms: number } {
  const all: number[] = [];
  const queries = QUERY_MIX.map((query) => {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const page = searchPage(db, query, SEARCH_RESULT_LIMIT);
      rowsByIds(db, page.ids.slice(0, 100));
      times.push(performance.now() - started);
      hits = page.total;
    }
    all.push(...times);
    return { query, hits, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
  });
  return { queries, queryP95Ms: percentile(all, 0.95) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

export function formatArchiveIndex(r: ArchiveIndexResult): string[] {
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const run = (m: Measurement) =>
    `${m.wallSeconds.toFixed(1)} s wall, ${m.cpuSeconds.toFixed(1)} s CPU, ${m.maxRssMb.toFixed(0)} MB peak RSS`;
  const lines = [
    `archive index: ${r.messages} messages, ${mb(r.mailBytes)} of mail`,
    `  mailkeep index: ${run(r.build)}; index ${mb(r.indexBytes)} = ${((100 * r.indexBytes) / r.mailBytes).toFixed(1)} % of the mail`,
  ];
  if (r.notmuch) lines.push(`  notmuch new:    ${run(r.notmuch)}; database ${mb(r.notmuch.databaseBytes)}`);
  lines.push(
    `  queries over ${r.queryMessages} messages (newest ${SEARCH_RESULT_LIMIT} ids + count + first 100 rows), p95 of all: ${r.queryP95Ms.toFixed(1)} ms`,
  );
  for (const q of r.queries) {
    lines.push(
      `    ${q.query.padEnd(52)} ${String(q.hits).padStart(7)} hits  p50 ${q.p50Ms.toFixed(1)} ms  p95 ${q.p95Ms.toFixed(1)} ms`,
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2];
  if (!root) throw new Error('usage: archive-index.ts MAILDIR_ROOT [SCRATCH]');
  const scratch = process.argv[3] ?? path.join('/tmp', `mailkeep-archive-bench-${process.pid}`);
  const result = await measureArchiveIndex(path.resolve(root), scratch);
  console.log(formatArchiveIndex(result).join('\n'));
}
