// The index over the generated corpus (broken messages included) against a brute-force scan.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, after, test } from 'node:test';
import {
  IndexWriter,
  openIndex,
  parseQuery,
  refreshTree,
  removeIndexFile,
  countMatches,
  searchIds,
  searchIndex,
  searchPage,
  MAX_QUERY_DEPTH,
  MAX_QUERY_TERMS,
  type IndexDb,
} from '../../src/archive/index.js';
import { generateCorpus } from '../support/corpus.js';
import { writeCorpusMaildir, type CorpusFile } from '../support/corpus-maildir.js';
import { makeTempDir } from '../reader/make-maildir.js';
import { matches, referenceMessage, type ReferenceMessage } from './brute-force.js';

const QUERIES = [
  'from:alice',
  'to:juergen',
  'subject:invoice',
  'budget',
  '"quarterly report"',
  'budg*',
  'date:2022-01..2022-06',
  'date:2024',
  'is:flagged',
  'is:unread and has:attachment',
  'folder:Archive/2024',
  'folder:Archive/*',
  'from:bob and not subject:meeting',
  '(hotel or flight) and is:unread',
  'attachment:report',
  'NEAR(hotel flight)',
  '*',
  'not * or is:flagged',
];

const tmp = makeTempDir('mailkeep-archive-');
const root = path.join(tmp.path, 'Mail');
const indexFile = path.join(tmp.path, 'cache', 'archive.sqlite');
let files: CorpusFile[];
let reference: ReferenceMessage[];
let db: IndexDb;

async function build(): Promise<IndexDb> {
  const opened = openIndex(indexFile)!;
  await refreshTree(new IndexWriter(opened), { account: 'corpus', path: root });
  return opened;
}

const found = (query: string, now?: number) =>
  searchIndex(db, query, { now })
    .map((r) => path.join(r.folderPath, r.dir, r.file))
    .sort();

const scanned = (query: string, now?: number) =>
  reference
    .filter((m) => matches(m, parseQuery(query, now)))
    .map((m) => m.path)
    .sort();

before(async () => {
  files = writeCorpusMaildir(generateCorpus('tiny'), root);
  reference = await Promise.all(files.map(referenceMessage));
  db = await build();
});
after(() => {
  db.close();
  tmp.cleanup();
});

test('every message is found by a word of its body and by its sender', () => {
  for (const m of reference) {
    const word = [...m.body].sort((a, b) => b.length - a.length)[0];
    if (word !== undefined) assert.ok(found(`body:${word}`).includes(m.path), `body:${word} finds ${m.path}`);
    assert.ok(m.from.length > 0, `${m.path} has a sender`);
    for (const token of m.from) assert.ok(found(`from:${token}`).includes(m.path), `from:${token} finds ${m.path}`);
  }
  // An unknown charset is read as Latin-1 when it is not UTF-8: "caf\xe9 cr\xe8me" is findable.
  assert.equal(found('body:café and body:crème').length, 1);
  assert.equal(found('cafe creme').length, 1);
});

test('each query of the fixed set finds what a brute-force scan of the files finds', () => {
  for (const query of QUERIES) assert.deepEqual(found(query), scanned(query), query);
  assert.ok(found('budget').length > 0 && found('is:flagged').length > 0, 'the set finds something');
});

test('a page of each query is the newest of what it finds, and its count the number found', () => {
  for (const query of QUERIES) {
    const all = searchIds(db, query);
    for (const limit of [0, 3, all.length, all.length + 5]) {
      const page = searchPage(db, query, limit);
      assert.deepEqual(page, { ids: all.slice(0, limit), total: all.length }, `${query} (limit ${limit})`);
      assert.deepEqual(
        searchIndex(db, query, { limit }).map((r) => r.id),
        all.slice(0, limit),
        query,
      );
    }
    assert.equal(countMatches(db, query), all.length, query);
  }
});

const RELATIVE_DATES = [
  'date:today',
  'date:yesterday',
  'date:yesterday..today',
  'date:7d..',
  'date:2w..',
  'date:this_week',
  'date:1M..',
  'date:1y.. and is:unread',
  'date:..3years',
  'date:1M..1w or date:monday',
  'date:40h..now',
];

test('relative dates find what a brute-force scan finds, counted back from the clock given', () => {
  const dated = [...reference].sort((a, b) => a.date - b.date).filter((_, i) => i % 6 === 3);
  for (const m of dated) {
    // A day and a half later the message is yesterday's (or, early in the day, two days old).
    const now = m.date + 36 * 3600_000;
    assert.ok(found('date:2d..today', now).includes(m.path), `date:2d..today finds ${m.path}`);
    for (const query of RELATIVE_DATES) {
      assert.deepEqual(found(query, now), scanned(query, now), `${query} at ${new Date(now).toISOString()}`);
      const all = searchIndex(db, query, { now }).map((r) => r.id);
      assert.deepEqual(searchPage(db, query, 3, now), { ids: all.slice(0, 3), total: all.length }, query);
    }
  }
  assert.ok(dated.length >= 5);
});

test('id: and mid: find a message by its Message-ID, with or without its brackets', () => {
  const withIds = reference.filter((m) => m.messageId !== undefined).filter((_, i) => i % 5 === 0);
  for (const m of withIds) {
    const bare = m.messageId!.slice(1, -1);
    for (const query of [`id:${bare}`, `id:${m.messageId}`, `mid:"${bare}"`, `id:${bare} or is:flagged`]) {
      assert.deepEqual(found(query), scanned(query), query);
      assert.ok(found(query).includes(m.path), `${query} finds ${m.path}`);
      const all = searchIds(db, query);
      assert.deepEqual(searchPage(db, query, 1), { ids: all.slice(0, 1), total: all.length }, query);
    }
    assert.ok(!found(`not id:${bare}`).includes(m.path));
    assert.deepEqual(found(`id:${bare.toUpperCase()}x`), []);
  }
  assert.ok(withIds.length >= 5);
});

/** Alternating `and`/`or` groups, each inside the next: `(t23 and (t22 or (… (t1 and budget))))`. */
function nestedQuery(depth: number, term: (level: number) => string): string {
  let query = 'budget';
  for (let level = 1; level <= depth; level++) {
    query = `(${term(level)} ${level % 2 ? 'and' : 'or'} ${query})`;
  }
  return query;
}

test('queries as deep and as long as the language takes run in SQLite and FTS5', () => {
  // FTS5 parses text nested at most 32 deep; SQLite's expression tree is at most 1,000 deep.
  for (const term of [(n: number) => `w${n}`, (n: number) => `from:w${n}*`, (n: number) => `folder:f${n}`]) {
    const query = nestedQuery(MAX_QUERY_DEPTH - 1, term);
    assert.deepEqual(found(query), [], query.slice(0, 40));
  }
  const many = (term: string, op: string, count = MAX_QUERY_TERMS) =>
    Array.from({ length: count }, () => term).join(op);
  const flagged = found('is:flagged');
  assert.deepEqual(found(many('is:flagged', ' or ')), flagged);
  assert.deepEqual(found(many('not folder:nowhere', ' and ')), found('*'));
  assert.deepEqual(found(`${many('@@', ' or ', MAX_QUERY_TERMS - 1)} or is:flagged`), flagged);
  assert.equal(found('*').length, reference.length);
});

test('hostile headers come back sanitized', () => {
  const rows = searchIndex(db, 'subject:RED and subject:invoice');
  assert.ok(rows.length > 0);
  for (const row of rows) {
    for (const value of [row.subject, row.from, row.to])
      assert.doesNotMatch(value, /[\u0000-\u001f\u007f-\u009f\u202e]/u);
  }
});

test('an index deleted and built again gives the same answers', async () => {
  const before = QUERIES.map(found);
  db.close();
  removeIndexFile(indexFile);
  db = await build();
  assert.deepEqual(QUERIES.map(found), before);
});

test('a corrupt index file is rebuilt with a notice', () => {
  db.close();
  removeIndexFile(indexFile);
  writeFileSync(indexFile, 'this is not a database '.repeat(100));
  const notices: string[] = [];
  const reopened = openIndex(indexFile, { onNotice: (line) => notices.push(line) })!;
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /could not be read.*rebuilding it/);
  assert.equal(searchIndex(reopened, 'budget').length, 0);
  assert.notEqual(readFileSync(indexFile).subarray(0, 15).toString(), 'this is not a d');
  db = reopened;
});
