import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, renameSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadMailboxIndex } from '../../src/reader/load-mailbox-index.js';
import { cacheFileFor } from '../../src/reader/index-cache.js';
import { listMailboxes } from '../../src/reader/list-mailboxes.js';
import { addMessage, makeTempDir, mail, writeMaildir } from './make-maildir.js';

test('index reads headers of cur/ and new/ only, and reuses the cache for unchanged files', async () => {
  const tmp = makeTempDir();
  try {
    const box = join(tmp.path, 'mail');
    const cacheDir = join(tmp.path, 'cache');
    const [a] = writeMaildir(box, [
      {
        raw: mail({
          From: 'Ann <ann@x>',
          Subject: '=?UTF-8?Q?caf=C3=A9?=',
          Date: 'Tue, 2 Jan 2024 10:00:00 +0000',
          'Message-ID': '<a@x>',
        }),
        flags: 'S',
      },
      { raw: mail({ From: 'bob@x', Subject: 'new one', 'In-Reply-To': '<a@x>' }) },
    ]);
    writeFileSync(join(box, 'tmp', 'partial'), 'From: ghost@x\r\nSubject: half-written\r\n');

    const progress: number[] = [];
    const first = await loadMailboxIndex(box, { cacheDir, onProgress: (done) => progress.push(done) });
    assert.deepEqual(first.map((e) => e.subject).sort(), ['café', 'new one']);
    const ann = first.find((e) => e.from === 'Ann <ann@x>')!;
    assert.equal(ann.date, Date.UTC(2024, 0, 2, 10));
    assert.equal(ann.flags, 'S');
    assert.equal(first.find((e) => e.dir === 'new')!.references[0], '<a@x>');
    assert.deepEqual(progress, [2]);
    assert.ok(readdirSync(cacheDir).includes(cacheFileFor(cacheDir, box).split('/').pop()!));

    // Poison the cached subject: if it is reused, the file was not re-read.
    const cacheFile = cacheFileFor(cacheDir, box);
    const { readFileSync } = await import('node:fs');
    writeFileSync(cacheFile, readFileSync(cacheFile, 'utf8').replace('new one', 'from cache'));
    const second = await loadMailboxIndex(box, { cacheDir, onProgress: () => assert.fail('no file should be read') });
    assert.ok(second.some((e) => e.subject === 'from cache'));

    // A flag change (rename) is picked up without re-reading; a removal and an addition are seen.
    renameSync(a!, a!.replace(/:2,S$/, ':2,FS'));
    rmSync(join(box, 'new', readdirSync(join(box, 'new'))[0]!));
    addMessage(box, { raw: mail({ From: 'cy@x', Subject: 'third' }), flags: '' });
    const third = await loadMailboxIndex(box, { cacheDir });
    assert.deepEqual(third.map((e) => [e.subject, e.flags]).sort(), [
      ['café', 'FS'],
      ['third', ''],
    ]);
  } finally {
    tmp.cleanup();
  }
});

test('a refresh from the index in memory reads only new files, not the cache file, and follows renames', async () => {
  const tmp = makeTempDir();
  try {
    const box = join(tmp.path, 'mail');
    const cacheDir = join(tmp.path, 'cache');
    const [a] = writeMaildir(box, [{ raw: mail({ From: 'ann@x', Subject: 'old one' }), flags: '' }]);
    const shown = await loadMailboxIndex(box, { cacheDir });
    // What is in memory wins over the file and the cache: a reused row is not re-read.
    const known = shown.map((e) => ({ ...e, subject: 'from memory' }));
    rmSync(cacheDir, { recursive: true });
    renameSync(a!, `${a!.slice(0, -':2,'.length)}:2,S`);
    addMessage(box, { raw: mail({ From: 'bob@x', Subject: 'arrived' }) });
    const read: number[] = [];
    const refreshed = await loadMailboxIndex(box, { cacheDir, known, onProgress: (done) => read.push(done) });
    assert.deepEqual(refreshed.map((e) => [e.subject, e.flags]).sort(), [
      ['arrived', ''],
      ['from memory', 'S'],
    ]);
    assert.deepEqual(read, [1], 'one file read: the new one');
    assert.ok(existsSync(cacheFileFor(cacheDir, box)), 'saved: the new row spares the next open a read');
    // Only a flag change: nothing read, the cache file is left as it is.
    rmSync(cacheDir, { recursive: true });
    const [file] = readdirSync(join(box, 'cur'));
    renameSync(join(box, 'cur', file!), join(box, 'cur', `${file!.slice(0, -':2,S'.length)}:2,FS`));
    const flagged = await loadMailboxIndex(box, { cacheDir, known: refreshed });
    assert.deepEqual(flagged.map((e) => e.flags).sort(), ['', 'FS']);
    assert.ok(!existsSync(cacheDir));
  } finally {
    tmp.cleanup();
  }
});

test('a corrupt cache file is ignored', async () => {
  const tmp = makeTempDir();
  try {
    const box = join(tmp.path, 'mail');
    const cacheDir = join(tmp.path, 'cache');
    writeMaildir(box, [{ raw: mail({ From: 'a@x', Subject: 's' }) }]);
    await loadMailboxIndex(box, { cacheDir });
    writeFileSync(cacheFileFor(cacheDir, box), '{not json');
    assert.equal((await loadMailboxIndex(box, { cacheDir }))[0]!.subject, 's');
  } finally {
    tmp.cleanup();
  }
});

test('listMailboxes counts total and unread per maildir, INBOX first, children after parents', async () => {
  const tmp = makeTempDir();
  try {
    writeMaildir(tmp.path, [{ raw: mail({ From: 'a@x' }) }, { raw: mail({ From: 'a@x' }), flags: 'S' }]);
    writeMaildir(join(tmp.path, 'Archive'), [{ raw: mail({ From: 'a@x' }), flags: 'S' }]);
    writeMaildir(join(tmp.path, 'Archive', '2024'), []);
    writeMaildir(join(tmp.path, 'Archive-old'), []);
    const boxes = await listMailboxes([{ account: 'acct', path: tmp.path }]);
    assert.deepEqual(
      boxes.map((b) => [b.name, b.total, b.unread]),
      [
        ['INBOX', 2, 1],
        ['Archive', 1, 0],
        ['Archive/2024', 0, 0],
        ['Archive-old', 0, 0],
      ],
    );
  } finally {
    tmp.cleanup();
  }
});
