// What `mailkeep sync` prints for people: with --watch each line carries the local date and time of
// its event (a long-running log); a single pass prints none.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { humanPrinter, type PrinterOptions } from '../../src/commands/sync-printer.js';
import type { EngineEvent } from '../../src/engine/events.js';

const at = new Date(2026, 11, 3, 9, 5, 7).getTime();

const events: EngineEvent[] = [
  {
    type: 'mailbox-done',
    account: 'work',
    mailbox: 'INBOX',
    upToDate: false,
    at,
    added: 3,
    flagsUpdated: 0,
    deleted: 0,
    bytes: 2048,
    linked: 0,
  },
  { type: 'notice', account: 'work', message: 'server says hello', at },
];

function printed(options: PrinterOptions): { stdout: string; stderr: string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const printer = humanPrinter(options, { stdout, stderr });
  for (const event of events) printer.onEvent(event);
  printer.finish();
  return { stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
}

test('--watch: every line starts with the local date and time of its event', () => {
  const { stdout, stderr } = printed({ watch: true });
  assert.equal(stdout, '2026-12-03 09:05:07 work/INBOX +3 ~0 -0 2.0 KB\n');
  assert.equal(stderr, '2026-12-03 09:05:07 mailkeep: work: server says hello\n');
});

test('a single pass: lines without a time', () => {
  const { stdout, stderr } = printed({});
  assert.equal(stdout, 'work/INBOX +3 ~0 -0 2.0 KB\n');
  assert.equal(stderr, 'mailkeep: work: server says hello\n');
});

test('a message deleted on the server while the pass fetched it is told only with --verbose', () => {
  const gone = (code: 'MESSAGE_GONE' | 'MESSAGE_UNREADABLE'): EngineEvent => ({
    type: 'error',
    error: {
      code,
      scope: 'message',
      retry: 'temp',
      account: 'work',
      mailbox: 'INBOX',
      uid: 7,
      message: `UID 7 ${code}`,
    },
    at,
  });
  const stderrOf = (options: PrinterOptions) => {
    const stderr = new PassThrough();
    const printer = humanPrinter(options, { stdout: new PassThrough(), stderr });
    for (const code of ['MESSAGE_GONE', 'MESSAGE_UNREADABLE'] as const) printer.onEvent(gone(code));
    printer.finish();
    return String(stderr.read() ?? '');
  };
  assert.equal(stderrOf({}), 'mailkeep: work/INBOX: UID 7 MESSAGE_UNREADABLE\n');
  assert.equal(
    stderrOf({ verbose: true }),
    'mailkeep: work/INBOX: UID 7 MESSAGE_GONE\nmailkeep: work/INBOX: UID 7 MESSAGE_UNREADABLE\n',
  );
});

test('--quiet: a notice that asks the user to act is printed, a plain one is not', () => {
  const stderr = new PassThrough();
  const printer = humanPrinter({ quiet: true }, { stdout: new PassThrough(), stderr });
  printer.onEvent({ type: 'notice', account: 'work', message: 'server says hello', at });
  printer.onEvent({
    type: 'notice',
    account: 'work',
    message: 'cannot write the token: kept in memory',
    urgent: true,
    at,
  });
  printer.finish();
  assert.equal(String(stderr.read() ?? ''), 'mailkeep: work: cannot write the token: kept in memory\n');
});
