import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { attachEventLog, formatLogLine } from '../../src/engine/event-log.js';
import type { SyncSummary } from '../../src/engine/events.js';
import { ScriptedEngine } from '../ui/support/scripted-engine.js';

const summary: SyncSummary = {
  pass: 1,
  accounts: 1,
  mailboxes: 2,
  mailboxesFailed: ['gmail/Spam'],
  added: 3,
  linked: 0,
  flagsUpdated: 1,
  deleted: 0,
  bytes: 2048,
  errors: [],
  elapsedMs: 1500,
  exitCode: 1,
};

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mailkeep-log-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('only events of interest become lines, each with its time and sanitized text', () => {
  const at = Date.UTC(2024, 0, 2, 3, 4, 5);
  assert.equal(
    formatLogLine({ type: 'mailbox-progress', account: 'a', mailbox: 'b', messagesDone: 1, bytesDone: 1, at }),
    null,
  );
  assert.equal(
    formatLogLine({
      type: 'mailbox-done',
      account: 'a',
      mailbox: 'b',
      added: 0,
      linked: 0,
      flagsUpdated: 0,
      deleted: 0,
      bytes: 0,
      upToDate: true,
      at,
    }),
    null,
  );
  assert.equal(
    formatLogLine({
      type: 'error',
      error: {
        code: 'AUTH_FAILED',
        scope: 'account',
        retry: 'final',
        account: 'gmail',
        message: 'login refused\u001b]0;x\u0007 by server',
      },
      at,
    }),
    '2024-01-02T03:04:05.000Z ERROR gmail AUTH_FAILED (account, final): login refused by server\n',
  );
  assert.match(
    formatLogLine({ type: 'paused', account: 'gmail', until: at, reason: 'daily budget', at })!,
    /paused gmail until 2024-01-02T03:04:05.000Z: daily budget/,
  );
  assert.match(
    formatLogLine({ type: 'summary', summary, at })!,
    /pass 1 finished, exit 1: 2 mailboxes, \+3 new ~1 flags -0 deleted, 2.0 KB, 0 errors, 1.5 s/,
  );
});

test('the log is appended to, private, in a private directory', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'state', 'mailkeep.log');
  const engine = new ScriptedEngine();
  const detach = attachEventLog(engine, path);
  engine.emit(
    { type: 'pass-start', pass: 1, at: 0 },
    { type: 'notice', account: 'gmail', mailbox: 'INBOX', message: 'skipped a 60 MB message', at: 1 },
    { type: 'summary', summary, at: 2 },
  );
  detach();
  engine.emit({ type: 'pass-start', pass: 2, at: 3 });
  assert.equal(engine.listenerCount, 0);
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[1]!, /notice gmail\/INBOX: skipped a 60 MB message/);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'state')).mode & 0o777, 0o700);

  const again = attachEventLog(engine, path);
  engine.emit({ type: 'pass-start', pass: 2, at: 3 });
  again();
  assert.equal(readFileSync(path, 'utf8').trimEnd().split('\n').length, 4);
});

test('an existing log with loose permissions is tightened', (t) => {
  const path = join(tempDir(t), 'mailkeep.log');
  writeFileSync(path, '');
  chmodSync(path, 0o644);
  attachEventLog(new ScriptedEngine(), path)();
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('a log that cannot be opened is one line naming the file', (t) => {
  const dir = tempDir(t);
  const blocker = join(dir, 'file');
  writeFileSync(blocker, '');
  const path = join(blocker, 'mailkeep.log');
  assert.throws(
    () => attachEventLog(new ScriptedEngine(), path),
    (error: Error) => {
      assert.equal(error.message, `cannot open the log file ${path} (${/\((E[A-Z]+)\)$/.exec(error.message)?.[1]})`);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    },
  );
});

test('keeping in sync: a lost IDLE watch and a clock jump are logged, a working watch and the countdown are not', () => {
  const at = Date.UTC(2024, 0, 2, 3, 4, 5);
  const idle = (state: 'watching' | 'reconnecting') =>
    formatLogLine({ type: 'idle', account: 'work', mailbox: 'INBOX', state, at });
  assert.equal(idle('watching'), null);
  assert.equal(idle('reconnecting'), '2024-01-02T03:04:05.000Z IDLE work/INBOX: reconnecting\n');
  assert.equal(formatLogLine({ type: 'schedule', nextPassAt: at, at }), null);
  assert.match(formatLogLine({ type: 'clock-jump', jumpMs: 3_600_000, at }) ?? '', /clock jumped 3600 s .*syncing now/);
});
