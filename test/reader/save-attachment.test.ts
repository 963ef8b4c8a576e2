import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportMessages } from '../../src/reader/export-messages.js';
import { safeFileName, saveAttachment } from '../../src/reader/save-attachment.js';
import { makeTempDir } from './make-maildir.js';

test('safeFileName keeps only a clean base name', () => {
  assert.equal(safeFileName('../../etc/passwd'), 'passwd');
  assert.equal(safeFileName('..\\..\\win.ini'), 'win.ini');
  assert.equal(safeFileName('.bashrc'), 'bashrc');
  assert.equal(safeFileName('..'), 'attachment');
  assert.equal(safeFileName(''), 'attachment');
  assert.equal(safeFileName('a\u001b[31mb\u202ec.pdf'), 'abc.pdf');
  assert.equal(safeFileName('x:y|z?.txt'), 'x_y_z_.txt');
  const long = safeFileName('n'.repeat(500) + '.tar.gz');
  assert.equal(long.length, 120);
  assert.ok(long.endsWith('.gz'));
  // Bytes count too: a file name may have 255 of them, and a CJK character takes 3.
  const cjk = safeFileName('日本語の件名'.repeat(20) + '.pdf');
  assert.ok(Buffer.byteLength(cjk) <= 240, `${Buffer.byteLength(cjk)} bytes`);
  assert.ok(cjk.startsWith('日本語の件名') && cjk.endsWith('.pdf'));
});

test('an .eml export of a message with a long CJK subject gets a file the filesystem takes', async () => {
  const tmp = makeTempDir();
  try {
    const source = join(tmp.path, 'message');
    writeFileSync(source, 'Subject: long\r\n\r\nbody\r\n');
    const dir = join(tmp.path, 'out');
    mkdirSync(dir);
    const item = { path: source, from: 'a@x', subject: '日本語の件名'.repeat(20), date: 0 };
    assert.equal((await exportMessages([item], { format: 'eml', dir })).written, 1);
    const [name] = readdirSync(dir);
    assert.ok(name!.startsWith('1970-01-01 0000 日本語の件名') && name!.endsWith('.eml'), name);
    assert.equal(readFileSync(join(dir, name!), 'utf8'), 'Subject: long\r\n\r\nbody\r\n');
  } finally {
    tmp.cleanup();
  }
});

test('saving never overwrites and never leaves the chosen directory', async () => {
  const tmp = makeTempDir();
  try {
    const dir = join(tmp.path, 'downloads');
    mkdirSync(dir);
    const first = await saveAttachment(dir, 'report.pdf', Buffer.from('one'));
    const second = await saveAttachment(dir, 'report.pdf', Buffer.from('two'));
    const evil = await saveAttachment(dir, '../../escape.txt', Buffer.from('three'));
    assert.equal(first, join(dir, 'report.pdf'));
    assert.equal(second, join(dir, 'report (1).pdf'));
    assert.equal(dirname(evil), dir);
    assert.equal(readFileSync(first, 'utf8'), 'one');
    assert.deepEqual(readdirSync(tmp.path).sort(), ['downloads']);
    // A planted symlink with the target name is not followed.
    symlinkSync(join(tmp.path, 'outside'), join(dir, 'link.txt'));
    const viaLink = await saveAttachment(dir, 'link.txt', Buffer.from('four'));
    assert.equal(viaLink, join(dir, 'link (1).txt'));
    assert.deepEqual(readdirSync(tmp.path).sort(), ['downloads']);
    await assert.rejects(saveAttachment(join(tmp.path, 'nope'), 'a', Buffer.from('')), /no such directory/);
    // Never into a Maildir's cur/ new/ tmp/ (the reader run from inside one); a plain folder named cur is fine.
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(tmp.path, 'box', sub), { recursive: true });
    await assert.rejects(
      saveAttachment(join(tmp.path, 'box', 'cur'), 'a.txt', Buffer.from('x')),
      /^Error: refusing to save into .*\/box\/cur: it is part of a Maildir$/,
    );
    assert.deepEqual(readdirSync(join(tmp.path, 'box', 'cur')), []);
    mkdirSync(join(dir, 'cur'));
    assert.equal(await saveAttachment(join(dir, 'cur'), 'a.txt', Buffer.from('x')), join(dir, 'cur', 'a.txt'));
  } finally {
    tmp.cleanup();
  }
});

test(
  'a full disk leaves no partial file and one line naming the directory',
  { skip: process.getuid?.() === 0 ? false : 'needs root to mount a small tmpfs' },
  async (t) => {
    const tmp = makeTempDir();
    const dir = join(tmp.path, 'small');
    mkdirSync(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    t.after(() => {
      execFileSync('umount', [dir]);
      tmp.cleanup();
    });
    await assert.rejects(
      saveAttachment(dir, 'big.bin', Buffer.alloc(1024 * 1024, 1)),
      (e: unknown) => e instanceof Error && e.message === `cannot save big.bin into ${dir}: disk full`,
    );
    assert.deepEqual(readdirSync(dir), []);
  },
);
