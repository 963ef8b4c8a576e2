// `mailkeep read PATH` in a real terminal (tmux) on a Maildir tree written by mailkeep's own sync
// and on one written by mbsync: decoded mailbox names in the sidebar, a message opens, q goes back
// and quits, the terminal is restored. Needs a fresh dist/ (`npm test` builds first).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { useDemoWorld } from '../support/e2e.js';
import { runMbsync } from '../support/mbsync.js';
import { dovecotAccount } from '../support/mbsyncrc.js';

const bin = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));
const DECODED = ['Archive/2024', 'Archive/Zürich', 'Work & Play', 'Sent Items', 'Überweisungen/Belege'];

const demo = useDemoWorld({ preset: 'tiny' });

async function readerSession(mailDir: string, account: string): Promise<void> {
  const reader = demo.mailkeep(['read', mailDir]);
  try {
    // The cursor shows once the index is read; the sidebar is listed by then.
    const index = await reader.waitFor(/^ +> +\d+ /m, 'the index with its cursor', { timeoutMs: 30_000 });
    assert.match(index, new RegExp(`^${account}:INBOX +\\d+ messages`));
    for (const name of DECODED) assert.match(index, new RegExp(`^[ *>]${name} `, 'm'), `sidebar row ${name}`);
    assert.doesNotMatch(index, /&[A-Za-z0-9+,]*-/, 'no modified UTF-7 on screen');
    assert.equal(reader.display('#{alternate_on}'), '1');

    reader.sendKeys('Enter');
    const pager = await reader.waitFor(/^From: /m, 'the pager');
    assert.match(pager, /^Subject: /m);
    assert.match(pager, /q back\)/);

    reader.sendKeys('q');
    await reader.waitFor(/q quit\)/, 'the index again');
    reader.sendKeys('q');
    const exit = await reader.waitForExit();
    assert.equal(exit.code, 0);
    assert.equal(exit.alternateScreen, false, 'alternate screen left');
    assert.doesNotMatch(exit.screen, /messages +sort: date/, "the reader's screen is gone");
  } finally {
    reader.kill();
  }
}

test('reads the Maildir tree mailkeep sync wrote', { timeout: 60_000 }, async () => {
  await promisify(execFile)(process.execPath, [bin, 'sync', '-q', '-c', demo.world.configPath], {
    env: demo.world.env,
  });
  await readerSession(demo.world.mailDir, 'demo');
});

test('reads the Maildir tree mbsync wrote', { timeout: 60_000 }, async () => {
  const home = join(demo.world.dir, 'mbsync-home');
  await runMbsync(home, join(demo.world.dir, 'mbsyncrc-mbsync'), [
    dovecotAccount(demo.world.server, { name: 'test', path: '~/Mail/test' }),
  ]);
  await readerSession(join(home, 'Mail', 'test'), 'test');
});
