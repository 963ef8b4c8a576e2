import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LAST_RUN_FILE, readLastRun, recordLastRun } from '../../src/engine/last-run.js';
import type { SyncSummary } from '../../src/engine/events.js';
import { MaildirError } from '../../src/maildir/errors.js';

const summary: SyncSummary = {
  ...{ pass: 1, accounts: 1, mailboxes: 2, mailboxesFailed: [], added: 5, linked: 0, flagsUpdated: 0 },
  ...{ deleted: 1, bytes: 100, errors: [], elapsedMs: 40, exitCode: 0 },
};

function stateRoot(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mailkeep-last-run-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return path.join(root, 'state');
}

test('the last run is recorded 0600 in a state dir made for it, and read back', async (t) => {
  const root = stateRoot(t);
  await recordLastRun(root, summary, { watch: true, at: Date.parse('2026-01-02T03:04:05Z') });
  const run = await readLastRun(root);
  assert.deepEqual([run?.finishedAt, run?.watch, run?.added, run?.deleted], ['2026-01-02T03:04:05.000Z', true, 5, 1]);
  assert.deepEqual(readdirSync(root), [LAST_RUN_FILE]);
});

test('a last run that cannot be recorded: an error naming the file, no temp file left', async (t) => {
  const root = stateRoot(t);
  const file = path.join(root, LAST_RUN_FILE);
  mkdirSync(path.join(file, 'in-the-way'), { recursive: true });
  await assert.rejects(recordLastRun(root, summary, { watch: false, at: 0 }), (error: unknown) => {
    assert.ok(error instanceof MaildirError);
    assert.equal(error.message, `cannot write ${file}: is a directory (EISDIR)`);
    return true;
  });
  assert.deepEqual(readdirSync(root), [LAST_RUN_FILE]);
});
