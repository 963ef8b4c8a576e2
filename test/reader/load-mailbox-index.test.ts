import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, rmSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadMailboxIndex } from '../../src/reader/load-mailbox-index.js';
import { listMailboxes } from '../../src/reader/list-mailboxes.js';
import { addMessage, makeTempDir, mail, writeMaildir } from './make-maildir.js';

test('index reads headers of cur/ and new/ only; known rows are reused for files still there', async () => {
  const tmp = makeTempDir();
  try {
    const box = join(tmp.path, 'mail');
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
    const first = await loadMailboxIndex(box, { onProgress: (done) => progress.push(done) });
    assert.deepEqual(first.map((e) => e.subject).sort(), ['café', 'new one']);
    const ann = first.find((e) => e.from === 'Ann <ann@x>')!;
    assert.equal(ann.date, Date.UTC(2024, 0, 2, 10));
    assert.equal(ann.flags, 'S');
    assert.equal(first.find((e) => e.dir === 'new')!.references[0], '<a@x>');
    assert.deepEqual(progress, [2]);

    // Known rows (the archive index's, or those on screen) win: a reused row is not re-read.
    const known = first.map((e) => ({ ...e, subject: e.subject === 'new one' ? 'known' : e.subject }));
    const second = await loadMailboxIndex(box, { known, onProgress: () => assert.fail('no file should be read') });
    assert.ok(second.some((e) => e.subject === 'known'));

    // A flag change (rename) is picked up without re-reading; a removal and an addition are seen.
    renameSync(a!, a!.replace(/:2,S$/, ':2,FS'));
    rmSync(join(box, 'new', readdirSync(join(box, 'new'))[0]!));
    addMessage(box, { raw: mail({ From: 'cy@x', Subject: 'third' }), flags: '' });
    const read: number[] = [];
    const third = await loadMailboxIndex(box, { known: second, onProgress: (done) => read.push(done) });
    assert.deepEqual(third.map((e) => [e.subject, e.flags]).sort(), [
      ['café', 'FS'],
      ['third', ''],
    ]);
    assert.deepEqual(read, [1], 'one file read: the new one');
  } finally {
    tmp.cleanup();
  }
});

test('a header block longer than the first read is read to its end', async () => {
  const tmp = makeTempDir();
  try {
    const box = join(tmp.path, 'mail');
    const padding = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`X-Pad-${i}`, 'x'.repeat(60)]));
    writeMaildir(box, [{ raw: mail({ From: 'a@x', ...padding, Subject: 'after 12 KB of headers' }), flags: '' }]);
    assert.equal((await loadMailboxIndex(box))[0]!.subject, 'after 12 KB of headers');
  } finally {
    tmp.cleanup();
  }
});

test('a message whose lines end in CR alone is listed with its headers', async () => {
  const tmp = makeTempDir();
  try {
    const box = join(tmp.path, 'mail');
    const raw = Buffer.from(
      'From: Ann <ann@x.org>\rSubject: lines end in CR\rDate: Mon, 1 Jan 2024 10:00:00 +0000\r\rline one\rline two\r',
    );
    writeMaildir(box, [{ raw, flags: '' }]);
    const [entry] = await loadMailboxIndex(box);
    assert.deepEqual(
      [entry!.from, entry!.subject, entry!.date],
      ['Ann <ann@x.org>', 'lines end in CR', Date.UTC(2024, 0, 1, 10)],
    );
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

test('a link to a message file is listed and read (a Maildir of links, as mu makes); other links are not', async () => {
  const tmp = makeTempDir();
  try {
    const [original] = writeMaildir(join(tmp.path, 'mail'), [{ raw: mail({ From: 'a@x', Subject: 'linked' }) }]);
    const links = join(tmp.path, 'results');
    writeMaildir(links, []);
    symlinkSync(original!, join(links, 'cur', '1700000000.linked:2,S'));
    symlinkSync('/dev/zero', join(links, 'cur', '1700000001.device:2,S'));
    symlinkSync('loop-b', join(links, 'cur', 'loop-a'));
    symlinkSync('loop-a', join(links, 'cur', 'loop-b'));
    symlinkSync(join(tmp.path, 'mail'), join(links, 'cur', '1700000002.directory:2,S'));
    const entries = await loadMailboxIndex(links);
    assert.deepEqual(
      entries.map((e) => [e.file, e.subject, e.flags]),
      [['1700000000.linked:2,S', 'linked', 'S']],
    );
    const [results] = await listMailboxes([{ account: 'a', path: links }]);
    assert.deepEqual([results!.total, results!.unread], [1, 0]);
  } finally {
    tmp.cleanup();
  }
});
