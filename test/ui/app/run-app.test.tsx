/** @jsxRuntime automatic @jsxImportSource react */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import ansiEscapes from 'ansi-escapes';
import type { RunAppOptions } from '../../../src/ui/app/run-app.js';
import { loadLive } from '../../../src/ui/terminal/live-terminal.js';
import { ScriptedEngine } from '../support/scripted-engine.js';
import { waitUntil } from '../../support/wait-until.js';

// Everything that loads Ink is loaded as mailkeep loads it (under CI=true Ink would draw only the last frame).
const [{ NOT_A_TERMINAL }, { runApp }, { runReader }, { FakeStdin, FakeStdout }] = await loadLive(() =>
  Promise.all([
    import('../../../src/ui/app/full-screen.js'),
    import('../../../src/ui/app/run-app.js'),
    import('../../../src/ui/app/run-reader.js'),
    import('../support/render-sized.js'),
  ]),
);

function setup(t: { after: (fn: () => void) => void }, tty = true) {
  const dir = mkdtempSync(join(tmpdir(), 'mailkeep-app-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const stdout = new FakeStdout(80, 24, tty);
  const stderr = new FakeStdout(80, 24, tty);
  const stdin = new FakeStdin();
  const engine = new ScriptedEngine();
  const logPath = join(dir, 'state', 'mailkeep.log');
  const io = {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  };
  return { dir, stdout, stderr, stdin, engine, logPath, io };
}

function appOptions(s: ReturnType<typeof setup>): RunAppOptions {
  return {
    accounts: [],
    first: 'app',
    createEngine: () => s.engine,
    setup: { home: s.dir, env: {}, testLogin: async () => {}, keyringAvailable: false },
    logPath: s.logPath,
    ...s.io,
  };
}

const until = (check: () => boolean, what: string) => waitUntil(check, () => `never happened: ${what}`);

// Ink's own signal-exit keeps its SIGTERM listener for the life of the process, so count the crash guards.
const guardListeners = (): number =>
  process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');

test('without a terminal it says to use mailkeep sync and exits 2', async (t) => {
  const s = setup(t, false);
  const code = await runApp(appOptions(s));
  assert.equal(code, 2);
  assert.deepEqual(s.stderr.frames, [NOT_A_TERMINAL]);
  assert.deepEqual(s.engine.resyncCalls, []);
  assert.equal(existsSync(s.logPath), false);
  assert.equal(await runReader({ roots: [], ...s.io }), 2);
});

test('the app borrows the screen, starts a pass, and on q stops the engine and gives the screen back', async (t) => {
  const s = setup(t);
  const before = guardListeners();
  const sigtermBefore = process.listenerCount('SIGTERM');
  const done = runApp(appOptions(s));
  assert.equal(s.stdout.frames[0], ansiEscapes.enterAlternativeScreen + ansiEscapes.cursorHide);
  await until(() => s.stdout.frames.join('').includes('Mailbox'), 'the sync view');
  assert.deepEqual(s.engine.resyncCalls, [undefined]);
  assert.equal(statSync(s.logPath).mode & 0o777, 0o600);
  const shownSince = (from: number) => s.stdout.frames.slice(from).join('');
  const beforeHelp = s.stdout.frames.length;
  s.stdin.write('?');
  await until(() => shownSince(beforeHelp).includes(s.logPath), 'the log path in the help');
  const beforeClose = s.stdout.frames.length;
  s.stdin.write(' ');
  await until(() => shownSince(beforeClose).includes('Mailbox'), 'the sync view again');
  s.stdin.write('q');
  assert.equal(await done, 0);
  assert.equal(s.engine.stopCalls, 1);
  assert.ok(s.stdout.frames.join('').endsWith(ansiEscapes.cursorShow + ansiEscapes.exitAlternativeScreen));
  assert.equal(guardListeners(), before, 'no crash guards left behind');
  assert.ok(process.listenerCount('SIGTERM') <= sigtermBefore + 1, 'the SIGTERM guard is removed');
  assert.equal(s.engine.listenerCount, 0, 'store and log unsubscribed');
});

test('SIGTERM stops the engine cleanly and restores the terminal', async (t) => {
  const s = setup(t);
  const done = runApp(appOptions(s));
  await until(() => s.stdout.frames.join('').includes('Mailbox'), 'the sync view');
  s.engine.emit({ type: 'pass-start', pass: 1, at: Date.now() });
  process.emit('SIGTERM', 'SIGTERM');
  assert.equal(await done, 143);
  assert.equal(s.engine.stopCalls, 1);
  assert.ok(s.stdout.frames.join('').endsWith(ansiEscapes.cursorShow + ansiEscapes.exitAlternativeScreen));
});

test('an unwritable log is one line on stderr and exit 2', async (t) => {
  const s = setup(t);
  const blocker = join(s.dir, 'file');
  writeFileSync(blocker, '');
  const logPath = join(blocker, 'mailkeep.log');
  const code = await runApp({ ...appOptions(s), logPath });
  assert.equal(code, 2);
  assert.equal(s.stderr.frames.length, 1);
  assert.ok(s.stderr.frames[0]!.startsWith(`mailkeep: cannot open the log file ${logPath} (E`));
  assert.equal(s.stderr.frames[0]!.split('\n').length, 2, 'one line');
  assert.deepEqual(s.stdout.frames, [], 'the screen was never touched');
});

test('a second Ctrl-C gives the screen back and ends the process without waiting for the engine', async (t) => {
  const s = setup(t);
  s.engine.stop = () => new Promise(() => {}); // an engine that never finishes stopping
  const forced: number[] = [];
  const done = runApp({ ...appOptions(s), forceExit: (code) => forced.push(code) });
  await until(() => s.stdout.frames.join('').includes('Mailbox'), 'the sync view');
  s.stdin.write('\u0003');
  await until(() => s.stdout.frames.join('').includes('Stopping'), 'the stopping notice');
  assert.deepEqual(forced, []);
  s.stdin.write('\u0003');
  assert.equal(await done, 130);
  assert.deepEqual(forced, [130]);
  assert.ok(s.stdout.frames.join('').endsWith(ansiEscapes.cursorShow + ansiEscapes.exitAlternativeScreen));
});
