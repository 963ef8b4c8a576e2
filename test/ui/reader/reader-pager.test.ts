import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { addMessage, makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { KEY, renderReader } from './reader-harness.js';

const hostile = Buffer.from(
  mail(
    {
      From: 'Mallory\u202e <m@evil.example>',
      Subject: '\u001b]0;pwned-title\u0007\u001b[31mRed subject\u001b[0m',
      Date: 'Mon, 1 Jan 2024 09:00:00 +0000',
    },
    'see \u001b[41mcolour\u001b[0m here \u001b]0;body-title\u0007 and \u202eevil.exe\n',
  ),
  'utf8',
);

const withAttachment = mail(
  {
    From: 'Ann <ann@x.org>',
    Subject: 'Files',
    Date: 'Tue, 2 Jan 2024 09:00:00 +0000',
    'Content-Type': 'multipart/mixed; boundary="B"',
  },
  [
    '--B',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Hello <b>there</b></p>',
    '--B',
    'Content-Type: text/plain; name="../../notes.txt"',
    'Content-Disposition: attachment; filename="../../notes.txt"',
    '',
    'secret notes',
    '--B--',
    '',
  ].join('\n'),
);

function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else out.push(`${relative(root, p)} ${statSync(p).mtimeMs} ${readFileSync(p).toString('base64')}`);
    }
  };
  walk(root);
  return out.sort();
}

test('hostile subject, sender and body are rendered inert in the index and the pager', async () => {
  const tmp = makeTempDir();
  writeMaildir(join(tmp.path, 'Mail'), [{ raw: hostile }]);
  const r = renderReader({
    roots: [{ account: 'a', path: join(tmp.path, 'Mail') }],
    indexFile: join(tmp.path, 'index.sqlite'),
  });
  try {
    let f = await r.waitFor((f) => f.includes('Red subject'), 'index');
    await r.press(KEY.enter);
    f = await r.waitFor((f) => f.includes('colour'), 'pager');
    for (const frame of r.frames) {
      assert.doesNotMatch(frame, /pwned-title|body-title|\u001b\]|\u202e|\u0007/);
      assert.doesNotMatch(frame, /\u001b\[(31|41)m/);
    }
    assert.match(f, /From: Mallory <m@evil.example>/);
    assert.match(f, /see colour here {2}and evil.exe/);
  } finally {
    await r.close();
    tmp.cleanup();
  }
});

test('pager: HTML as text, attachments listed, full headers, saving; the Maildir is left untouched', async () => {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  const saveDir = join(tmp.path, 'saved');
  mkdirSync(saveDir);
  writeMaildir(root, [
    { raw: withAttachment, mtime: new Date(2024, 0, 2) },
    {
      raw: mail(
        { From: 'b@x', Subject: 'Long', Date: 'Wed, 3 Jan 2024 09:00:00 +0000' },
        Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n'),
      ),
      flags: 'S',
    },
  ]);
  writeMaildir(join(root, 'Sub'), [{ raw: mail({ From: 'c@x', Subject: 'sub' }) }]);
  const before = snapshot(root);
  const r = renderReader({ roots: [{ account: 'a', path: root }], indexFile: join(tmp.path, 'index.sqlite'), saveDir });
  try {
    await r.waitFor((f) => f.includes('Long'), 'index');
    // Long message: Space pages, - goes back.
    await r.press(KEY.enter);
    await r.waitFor((f) => f.includes('line 0'), 'long message');
    await r.press(' ');
    let f = await r.waitFor((f) => !f.includes('line 0') && f.includes('line 20'), 'next page');
    await r.press('-');
    await r.waitFor((f) => f.includes('line 0'), 'previous page');
    await r.press('/');
    await r.type('line 55');
    await r.press(KEY.enter);
    await r.waitFor((f) => f.includes('line 55'), 'pager search');
    await r.press('q', 'k', KEY.enter);
    f = await r.waitFor((f) => f.includes('Hello there'), 'html part as text');
    assert.doesNotMatch(f, /<p>|<b>/);
    assert.match(f, /Attachment #1: \.\.\/\.\.\/notes.txt \(text\/plain, 12 B\)/);
    await r.press('h');
    f = await r.waitFor((f) => f.includes('Content-Type: multipart/mixed'), 'full headers');
    await r.press('h', 'v');
    await r.waitFor((f) => f.includes('>  1 ../../notes.txt'), 'attachment list');
    await r.press('s');
    await r.waitFor((f) => f.includes(`Save into directory: ${saveDir}`), 'save prompt');
    await r.press(KEY.enter);
    await r.waitFor((f) => f.includes('saved to'), 'saved');
    assert.deepEqual(readdirSync(saveDir), ['notes.txt']);
    assert.equal(readFileSync(join(saveDir, 'notes.txt'), 'utf8'), 'secret notes');
    await r.press('q', 'q', 'c', 'j', KEY.enter);
    await r.waitFor((f) => f.includes('a:Sub'), 'other mailbox');
    await r.press('$', 'l');
    await r.type('~b zzz');
    await r.press(KEY.enter);
    await r.waitFor((f) => f.includes('no messages match'), 'body limit');
    assert.deepEqual(snapshot(root), before, 'reader changed the Maildir');
  } finally {
    await r.close();
    tmp.cleanup();
  }
});

test('new mail appears on refresh ($); files in tmp/ are never shown', async () => {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  writeMaildir(root, [{ raw: mail({ From: 'a@x', Subject: 'first' }), flags: 'S' }]);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(root, 'tmp', 'half'), mail({ From: 'x@x', Subject: 'half-written' }));
  const r = renderReader({ roots: [{ account: 'a', path: root }], indexFile: join(tmp.path, 'index.sqlite') });
  try {
    await r.waitFor((f) => f.includes('first'), 'index');
    addMessage(root, { raw: mail({ From: 'b@x', Subject: 'second' }) });
    await r.press('$');
    const f = await r.waitFor((f) => f.includes('second'), 'refreshed');
    assert.doesNotMatch(f, /half-written/);
  } finally {
    await r.close();
    tmp.cleanup();
  }
});

test('attachments: a list longer than the screen is shown a page at a time, the cursor always on it', async () => {
  const tmp = makeTempDir();
  const parts = Array.from({ length: 30 }, (_, i) =>
    [
      '--B',
      'Content-Type: application/octet-stream',
      `Content-Disposition: attachment; filename="f${i + 1}.bin"`,
      '',
      'x',
    ].join('\n'),
  );
  const raw = mail(
    { From: 'a@x', Subject: 'Many', 'Content-Type': 'multipart/mixed; boundary="B"' },
    [...parts, '--B--', ''].join('\n'),
  );
  writeMaildir(join(tmp.path, 'Mail'), [{ raw, flags: 'S' }]);
  const r = renderReader({
    roots: [{ account: 'a', path: join(tmp.path, 'Mail') }],
    indexFile: join(tmp.path, 'i.sqlite'),
    height: 10,
  });
  try {
    await r.waitFor((f) => f.includes('Many'), 'index');
    await r.press(KEY.enter, 'v');
    await r.waitFor((f) => f.includes('>  1 f1.bin'), 'attachments');
    await r.press('\u001b[F');
    let f = await r.waitFor((frame) => />\s*30 f30\.bin/.test(frame), 'the last attachment');
    assert.doesNotMatch(f, / 1 f1\.bin/);
    await r.press('\u001b[H', KEY.down);
    f = await r.waitFor((frame) => />\s*2 f2\.bin/.test(frame), 'the second attachment');
    assert.equal(f.split('\n').length, 10, f);
  } finally {
    await r.close();
    tmp.cleanup();
  }
});
