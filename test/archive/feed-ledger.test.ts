// The feed's ledger: folders noted by a process that is gone are handed to the next one (and kept in
// its own ledger until it finishes); a live process's ledger and a torn line are left alone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openFeedLedger } from '../../src/archive/feed-ledger.js';
import { syncIndexFeed } from '../../src/commands/sync-index-feed.js';
import { makeTempDir } from '../reader/make-maildir.js';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const folder = (name: string) => ({ path: `/mail/${name}`, account: 'work', name });

test("a gone process's folders are inherited and stay noted until the feed finishes", async (t) => {
  const tmp = makeTempDir('mailkeep-ledger-');
  t.after(tmp.cleanup);
  const file = path.join(tmp.path, 'cache', 'archive.sqlite');
  assert.deepEqual(openFeedLedger(file).inherited, [], 'no directory yet: nothing to inherit');

  mkdirSync(path.dirname(file));
  const dead = `${file}.feed-${await deadPid()}`;
  const lines = [folder('Archive'), folder('INBOX'), folder('INBOX')].map((f) => JSON.stringify(f));
  writeFileSync(dead, `${lines.join('\n')}\n{"path":"/ma`);
  const live = `${file}.feed-${process.ppid}`;
  writeFileSync(live, `${JSON.stringify(folder('Sent'))}\n`);
  const ledger = openFeedLedger(file);
  assert.deepEqual(ledger.inherited, [folder('Archive'), folder('INBOX')], 'the torn line is left out');
  assert.ok(!existsSync(dead), "the gone process's ledger is taken over");
  ledger.note(folder('INBOX'));
  ledger.note(folder('Drafts'));
  const own = readFileSync(`${file}.feed-${process.pid}`, 'utf8').trim().split('\n');
  assert.deepEqual(
    own.map((line) => (JSON.parse(line) as { name: string }).name),
    ['Archive', 'INBOX', 'Drafts'],
  );
  ledger.finished();
  assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(live)], "only the live process's ledger is left");
});

test('a feed whose worker could not open the index keeps its ledger for the next one', async (t) => {
  const tmp = makeTempDir('mailkeep-ledger-');
  t.after(tmp.cleanup);
  const cache = path.join(tmp.path, 'cache');
  // A directory where the index file should be: SQLite cannot open it, nor can it be removed and made anew.
  mkdirSync(path.join(cache, 'mailkeep', 'archive.sqlite'), { recursive: true });
  const notices: string[] = [];
  const feed = syncIndexFeed({ env: { XDG_CACHE_HOME: cache }, home: tmp.path }, (line) => notices.push(line));
  feed.expectMail?.(folder('INBOX'));
  await feed.close(true);
  assert.match(notices.join('\n'), /search index worker stopped/);
  assert.ok(existsSync(path.join(cache, 'mailkeep', `archive.sqlite.feed-${process.pid}`)), 'INBOX stays noted');
});
