// The archive index against notmuch: `mailkeep index` and `notmuch new` build from nothing over the
// same tree (each under GNU time: wall, CPU, max RSS); the index's size against the mail's bytes;
// then the query mix's p95 on the index of the bigger folder (in-process, as the reader asks).
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { defaultIndexFile, openIndex, searchIndex } from '../../src/archive/index.js';
import { SEARCH_RESULT_LIMIT } from '../../src/reader/index.js';
import { ensureProgram } from '../support/system-packages.js';
import type { BenchMaildir } from './bench-maildirs.js';
import { measure, type Measurement } from './measure.js';
import type { IndexResult, QueryTiming } from './results.js';

const MAILKEEP_BIN = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));
const QUERY_RUNS = 40;

/** The mix the p95 target is about: the corpus's senders, words and years. */
export const QUERY_MIX: { name: string; query: string }[] = [
  { name: 'a sender', query: 'from:alice@example.org' },
  { name: 'a phrase', query: '"quarterly report"' },
  { name: 'a date range', query: 'date:2022-01..2022-06' },
  { name: 'a prefix', query: 'invo*' },
  { name: 'a combination', query: 'from:bob and subject:budget and date:2020..2023 and not is:flagged' },
];

function privateEnv(dir: string): NodeJS.ProcessEnv {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
  };
}

function mailkeepIndex(tree: string, env: NodeJS.ProcessEnv, dir: string): Promise<Measurement> {
  return measure({
    command: process.execPath,
    args: [MAILKEEP_BIN, 'index', tree],
    env,
    logFile: join(dir, 'index.log'),
  });
}

function notmuchNew(tree: string, dir: string): Promise<Measurement> {
  const notmuch = ensureProgram('notmuch', 'notmuch');
  const database = join(dir, 'notmuch-db');
  mkdirSync(database, { recursive: true });
  const config = join(dir, 'notmuch-config');
  // Its database outside the tree; no tags beyond the usual, flags read from the file names.
  writeFileSync(
    config,
    `[database]\npath=${database}\nmail_root=${tree}\n[new]\ntags=unread;inbox;\n[maildir]\nsynchronize_flags=true\n`,
  );
  const env = { ...privateEnv(dir), NOTMUCH_CONFIG: config };
  return measure({ command: notmuch, args: ['new', '--quiet'], env, logFile: join(dir, 'notmuch.log') });
}

function bytesUnder(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

function timeQueries(indexFile: string): QueryTiming[] {
  const db = openIndex(indexFile, { readonly: true });
  if (!db) throw new Error(`no usable index at ${indexFile} after \`mailkeep index\``);
  try {
    return QUERY_MIX.map(({ name, query }) => {
      const times: number[] = [];
      let results = 0;
      for (let i = 0; i < QUERY_RUNS; i++) {
        const started = performance.now();
        results = searchIndex(db, query, { limit: SEARCH_RESULT_LIMIT }).length;
        times.push(performance.now() - started);
      }
      return { name, query, results, p95Ms: p95(times) };
    });
  } finally {
    db.close();
  }
}

export async function indexPhase(
  tree: BenchMaildir,
  big: BenchMaildir,
  work: string,
  log: (text: string) => void,
): Promise<IndexResult> {
  const mine = join(work, 'mailkeep');
  const env = privateEnv(mine);
  log(`index: notmuch new over ${tree.path}`);
  const notmuch = await notmuchNew(tree.path, join(work, 'notmuch'));
  log(`index: notmuch new took ${notmuch.wallSeconds.toFixed(1)} s, exit ${notmuch.exitCode}`);
  log(`index: mailkeep index over ${tree.path}`);
  const mailkeep = await mailkeepIndex(tree.path, env, mine);
  log(`index: mailkeep index took ${mailkeep.wallSeconds.toFixed(1)} s, exit ${mailkeep.exitCode}`);
  const indexBytes = bytesUnder(join(env.XDG_CACHE_HOME!, 'mailkeep'));
  const bigDir = join(work, 'mailkeep-big');
  const bigEnv = privateEnv(bigDir);
  log(`index: mailkeep index over ${big.path} (for the queries)`);
  const bigBuild = await mailkeepIndex(big.path, bigEnv, bigDir);
  log(`index: took ${bigBuild.wallSeconds.toFixed(1)} s, exit ${bigBuild.exitCode}`);
  const timings = timeQueries(defaultIndexFile(bigEnv));
  for (const t of timings) log(`index: ${t.name} (${t.query}): ${t.results} results, p95 ${t.p95Ms.toFixed(1)} ms`);
  return {
    tree: { messages: tree.messages, bytes: tree.bytes },
    build: { mailkeep, notmuch },
    indexBytes,
    queries: { messages: big.messages, timings },
  };
}
