// `mailkeep index PATH` then `mailkeep search`: outputs, exit codes like grep's, sanitized table,
// and hostile queries that end in a one-line error or a literal match, never an SQLite error.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { before, after, test } from 'node:test';
import { defaultIndexFile, openIndex, QueryError, searchIndex } from '../../src/archive/index.js';
import { parseCommandLine } from '../../src/cli-args.js';
import { runIndex } from '../../src/commands/index-command.js';
import { runSearch } from '../../src/commands/search.js';
import { mail, makeTempDir, writeMaildir } from '../reader/make-maildir.js';

const tmp = makeTempDir('mailkeep-search-');
const io = (now?: number) => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = { stdout: '', stderr: '' };
  stdout.on('data', (d) => (out.stdout += d));
  stderr.on('data', (d) => (out.stderr += d));
  return { io: { stdout, stderr, home: tmp.path, env: { XDG_CACHE_HOME: path.join(tmp.path, 'cache') }, now }, out };
};

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliAt(undefined, ...args);
}

/** The command run with its clock at `now` (what relative dates count back from). */
async function cliAt(
  now: number | undefined,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = parseCommandLine(args);
  const { io: streams, out } = io(now);
  let code: number;
  if (command.kind === 'index') code = await runIndex(command, streams);
  else if (command.kind === 'search') code = runSearch(command, streams);
  else throw new Error(`not index or search: ${args.join(' ')}`);
  return { code, ...out };
}

before(() => {
  writeMaildir(path.join(tmp.path, 'Mail'), [
    {
      raw: mail(
        { From: 'Ann <ann@example.org>', Subject: 'quarterly report', Date: 'Tue, 2 Jan 2024 10:00:00 +0000' },
        'the numbers are in',
      ),
      flags: 'S',
    },
    {
      raw: mail(
        {
          From: '"\x1b]0;owned\x07Eve\x1b[2J" <eve@example.org>',
          Subject: 'pay \x1b[31mnow\x1b[0m \u202Efdp.exe',
          Date: 'Wed, 3 Jan 2024 10:00:00 +0000',
        },
        'urgent invoice',
      ),
    },
  ]);
});
after(() => tmp.cleanup());

test('search before any index exits 2 and says to run mailkeep index', async () => {
  const { code, stderr } = await cli('search', 'report');
  assert.equal(code, 2);
  assert.match(stderr, /no search index .* run `mailkeep index` first/);
});

test('index then search: --files, --json, the table; exit 0 with hits, 1 without', async () => {
  const built = await cli('index', path.join(tmp.path, 'Mail'));
  assert.equal(built.code, 0, built.stderr);
  assert.match(built.stdout, /indexed 1 folder: \+2 ~0 -0/);

  const files = await cli('search', 'from:ann', '--files');
  assert.equal(files.code, 0);
  const lines = files.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.ok(path.isAbsolute(lines[0]!) && existsSync(lines[0]!), lines[0]);

  const json = await cli('search', 'invoice or report', '--json');
  const objects = json.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { subject: string; path: string; date: string });
  assert.deepEqual(
    objects.map((o) => o.date),
    ['2024-01-03T10:00:00.000Z', '2024-01-02T10:00:00.000Z'],
  );
  assert.doesNotMatch(json.stdout, /[\u001b\u0007\u202e]/u);

  const table = await cli('search', 'invoice');
  assert.equal(table.code, 0);
  assert.match(table.stdout, /^\d{4}-\d\d-\d\d {2}Mail\/INBOX +.*Eve.*pay now/m);
  assert.doesNotMatch(table.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/u);
  assert.doesNotMatch(table.stdout, /owned/);

  const none = await cli('search', 'nothing-like-this');
  assert.deepEqual([none.code, none.stdout], [1, '']);
});

test('index names each cur/ or new/ it could not list, on one line, and exits 1', async () => {
  const tree = path.join(tmp.path, 'Partly');
  writeMaildir(path.join(tree, 'Good'), [{ raw: mail({ From: 'a@x.org', Subject: 'fine' }), flags: 'S' }]);
  const bad = path.join(tree, 'Bad');
  writeMaildir(bad, [{ raw: mail({ From: 'b@x.org', Subject: 'kept' }), flags: 'S' }]);
  // As root no permission stops a listing; a new/ that is not a directory fails it all the same.
  rmSync(path.join(bad, 'new'), { recursive: true });
  writeFileSync(path.join(bad, 'new'), '');
  const run = await cli('index', tree);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(
    run.stderr,
    `mailkeep: cannot list ${path.join(bad, 'new')}: not a directory (ENOTDIR): left as the index had it\n`,
  );
  assert.match(run.stdout, /indexed 2 folders: \+2 ~0 -0: 1 unreadable/);
});

test('index names a folder and a file whose names are not UTF-8, and exits 1', async () => {
  const tree = path.join(tmp.path, 'Latin1');
  writeMaildir(path.join(tree, 'Plain'), [{ raw: mail({ From: 'a@x.org', Subject: 'plain' }), flags: 'S' }]);
  const latin1 = (text: string) => Buffer.concat([Buffer.from(text), Buffer.from([0xfc]), Buffer.from('rfe')]);
  mkdirSync(latin1(`${tree}/Entw`), { recursive: true });
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(Buffer.concat([latin1(`${tree}/Entw`), Buffer.from(`/${sub}`)]));
  writeFileSync(latin1(`${tree}/Plain/cur/2.`), mail({ From: 'b@x.org', Subject: 'latin1 name' }));
  const run = await cli('index', tree);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(
    run.stderr,
    `mailkeep: cannot open ${tree}/Entw\uFFFDrfe: its name is not UTF-8: left as the index had it\n` +
      `mailkeep: cannot read ${tree}/Plain/cur/2.\uFFFDrfe: its name is not UTF-8: not indexed\n`,
  );
  assert.match(run.stdout, /indexed 1 folder: \+1 ~0 -0: 1 unreadable/);
});

test('--files leaves out a path with a line break or an escape, and says so on stderr', async () => {
  const cur = path.join(tmp.path, 'Mail', 'cur');
  for (const name of ['1.a\n.evil:2,S', '2.b\x1b[2J:2,S']) {
    writeFileSync(path.join(cur, name), mail({ From: 'Mallory <m@example.org>' }, 'odd names'));
  }
  assert.equal((await cli('index', path.join(tmp.path, 'Mail'))).code, 0);
  const files = await cli('search', 'from:mallory or from:ann', '--files');
  assert.equal(files.code, 0);
  assert.equal(files.stdout.trim().split('\n').length, 1);
  assert.doesNotMatch(files.stdout, /evil|\x1b/);
  assert.equal(files.stderr, 'mailkeep: left out 2 file names with control characters; --json shows them\n');
  const json = await cli('search', 'from:mallory', '--json');
  assert.equal(json.stdout.trim().split('\n').length, 2);
});

const DATE_FORMS =
  'expected YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, now, a weekday or a time back ' +
  "(2w, 7d, 3days, 1M, 1y; units s m h d w M y), or a range of them with '..'";

test('id: finds a message by its Message-ID, bracketed or not; date: takes relative dates, counted back from the clock', async () => {
  const tree = path.join(tmp.path, 'Dated');
  const sent = (day: number, hour: number) => new Date(2025, 4, day, hour).toUTCString();
  writeMaildir(tree, [
    {
      raw: mail({ From: 'dated@x.org', Subject: 'friday', Date: sent(9, 23), 'Message-ID': '<fri.1@x.org>' }),
      flags: 'S',
    },
    {
      raw: mail({ From: 'dated@x.org', Subject: 'saturday', Date: sent(10, 8), 'Message-ID': '<sat.2@x.org>' }),
      flags: 'S',
    },
    {
      raw: mail({ From: 'dated@x.org', Subject: 'monday', Date: sent(12, 9), 'Message-ID': '<mon.3@x.org>' }),
      flags: 'S',
    },
    {
      raw: mail({ From: 'bare@x.org', Subject: 'bare id', Date: sent(1, 9), 'Message-ID': 'bare.4@x.org' }),
      flags: 'S',
    },
  ]);
  assert.equal((await cli('index', tree)).code, 0);
  const subjects = async (query: string) => {
    // Monday 12 May 2025, 10:00 local time (weeks start on Sunday, as in notmuch).
    const run = await cliAt(new Date(2025, 4, 12, 10).getTime(), 'search', '--json', query);
    assert.equal(run.stderr, '', query);
    return run.stdout
      ? run.stdout
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { subject: string }).subject)
      : [];
  };
  assert.deepEqual(await subjects('id:sat.2@x.org'), ['saturday']);
  assert.deepEqual(await subjects('id:<sat.2@x.org>'), ['saturday']);
  assert.deepEqual(await subjects('mid:"fri.1@x.org" or id:mon.3@x.org'), ['monday', 'friday']);
  assert.deepEqual(await subjects('id:SAT.2@x.org'), []);
  assert.deepEqual(await subjects('id:bare.4@x.org'), ['bare id']);
  assert.deepEqual(await subjects('id:<bare.4@x.org>'), ['bare id']);
  assert.deepEqual(await subjects('from:dated and date:today'), ['monday']);
  assert.deepEqual(await subjects('from:dated and date:2d..yesterday'), ['saturday']);
  assert.deepEqual(await subjects('from:dated and date:3d..'), ['monday', 'saturday', 'friday']);
  assert.deepEqual(await subjects('from:dated and date:this_week'), ['monday']);
  assert.deepEqual(await subjects('from:dated and date:..2h'), ['saturday', 'friday']);
});

test('a bad query is one line on stderr naming the bad part, and exit 2', async () => {
  const bad: [string, string][] = [
    ['a and (b', "a '(' without its ')'"],
    ['report)', "a ')' without its '('"],
    ['subject:"quarterly report', 'a quote without its closing quote: subject:"quarterly report'],
    ['()', "empty parentheses '()': put a term between them"],
    ['date:3x..', `date:3x..: ${DATE_FORMS}`],
    ['date:2024-13', `date:2024-13: ${DATE_FORMS}`],
    ['id:', 'id: needs a value'],
    ['mid:<>', 'mid:<>: no Message-ID between the brackets'],
  ];
  for (const [query, message] of bad) {
    const { code, stdout, stderr } = await cli('search', query);
    assert.deepEqual([code, stdout, stderr], [2, '', `mailkeep: ${message}\n`], query);
  }
});

test('hostile queries end in a QueryError or a result, never an SQLite error', () => {
  const db = openIndex(defaultIndexFile({ XDG_CACHE_HOME: path.join(tmp.path, 'cache') }), { readonly: true })!;
  after(() => db.close());
  const pieces = ['"', '*', '^', ':', '(', ')', '{', '}', 'NEAR', 'AND', 'OR', 'NOT', '-', '+', "'", '\\', '%', '_'];
  const extra = ['\0', '\x1b[2J', '🙂', 'x'.repeat(5000), 'from:"', 'subject:*', 'folder:%', 'date:2024..2023', '""'];
  const queries = [...extra, ...pieces.flatMap((a) => pieces.map((b) => `${a}${b} report ${b}${a}`))];
  for (const query of queries) {
    try {
      searchIndex(db, query);
    } catch (error) {
      assert.ok(error instanceof QueryError, `${JSON.stringify(query)}: ${String(error)}`);
    }
  }
  assert.equal(searchIndex(db, '"quarterly report"').length, 1);
  assert.throws(() => searchIndex(db, '"quarterly report'), QueryError);
  assert.equal(searchIndex(db, '^report').length, 1);
});
