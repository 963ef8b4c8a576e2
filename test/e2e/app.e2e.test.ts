// The real `mailkeep` in a real terminal (tmux) against the private Dovecot: every mailbox gets a
// row with its decoded name, the pass ends, G runs a second pass that finds nothing new, q quits
// and gives the terminal back. Needs a fresh dist/ (`npm test` builds first).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultIndexFile, folderRows, listIndexedFolders, openIndex } from '../../src/archive/index.js';
import { findMaildirs } from '../../src/maildir/index.js';
import { useDemoWorld } from '../support/e2e.js';

// The tiny corpus's folders, as the server lists them in modified UTF-7 (Z&APw-rich, &ANw-berweisungen).
const MAILBOXES = [
  'INBOX',
  'Archive/2024',
  'Archive/Zürich',
  'Work & Play',
  'Sent Items',
  'Empty',
  'Überweisungen/Belege',
];

const demo = useDemoWorld({ preset: 'tiny' });

function rowState(screen: string, mailbox: string): string | undefined {
  const row = screen.split('\n').find((line) => line.slice(2).startsWith(`${mailbox} `));
  return row
    ?.slice(2 + mailbox.length)
    .trim()
    .split(/\s{2,}/)[0];
}

const finished = (screen: string, pass: number) =>
  new RegExp(`pass ${pass} finished`).test(screen) &&
  MAILBOXES.every((m) => /^(done|up to date)$/.test(rowState(screen, m) ?? ''));

test(
  'sync view: decoded rows, done, G re-syncs to up to date, q quits and restores the terminal; the sync fed the index',
  { timeout: 90_000 },
  async () => {
    const app = demo.mailkeep(['-c', demo.world.configPath]);
    try {
      const first = await app.waitFor((s) => finished(s, 1), 'the first pass to finish with every mailbox done', {
        timeoutMs: 45_000,
      });
      for (const mailbox of MAILBOXES) assert.ok(rowState(first, mailbox), `a row for ${mailbox}`);
      assert.doesNotMatch(first, /&[A-Za-z0-9+,]*-/, 'no modified UTF-7 on screen');
      assert.equal(rowState(first, 'INBOX'), 'done');
      assert.match(first, /all mailboxes synced/);
      assert.equal(app.display('#{alternate_on}'), '1', 'the app runs on the alternate screen');

      app.sendKeys('G');
      const second = await app.waitFor((s) => finished(s, 2), 'the second pass to finish', { timeoutMs: 45_000 });
      for (const mailbox of MAILBOXES) assert.equal(rowState(second, mailbox), 'up to date', mailbox);
      assert.match(second, /\+0 new/);

      app.sendKeys('q');
      const exit = await app.waitForExit();
      assert.equal(exit.code, 0);
      assert.equal(exit.alternateScreen, false, 'alternate screen left');
      assert.doesNotMatch(exit.screen, /Mailbox +State|pass 2 finished/, "the app's screen is gone");
      await assertIndexed();
    } finally {
      app.kill();
    }
  },
);

/** The app's sync fed the archive index: every stored file has its row, every folder is current. */
async function assertIndexed(): Promise<void> {
  const boxes = await findMaildirs(demo.world.mailDir);
  const files = boxes.flatMap((box) =>
    ['cur', 'new'].flatMap((sub) => readdirSync(path.join(box.path, sub)).map((f) => path.join(box.path, sub, f))),
  );
  const db = openIndex(defaultIndexFile(demo.world.env), { readonly: true });
  assert.ok(db, 'the app made the index');
  try {
    const folders = listIndexedFolders(db);
    const rows = folders.flatMap((f) => folderRows(db, f.path).map((r) => path.join(r.folderPath, r.dir, r.file)));
    assert.ok(files.length > 10, `${files.length} files`);
    assert.deepEqual(rows.sort(), files.sort());
    assert.ok(
      folders.every((f) => f.stamp !== null),
      'every folder current',
    );
  } finally {
    db.close();
  }
}
