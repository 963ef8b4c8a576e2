import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import ansiEscapes from 'ansi-escapes';
import {
  crashLine,
  enterTerminalScreen,
  guardTerminal,
  type ExitSignal,
} from '../../../src/ui/terminal/terminal-screen.js';

function recorder() {
  const writes: string[] = [];
  return { writes, stream: { write: (s: string) => writes.push(s) } as unknown as NodeJS.WritableStream };
}

test('entering hides the cursor on the alternate screen; restoring undoes it once', () => {
  const out = recorder();
  const screen = enterTerminalScreen(out.stream);
  assert.deepEqual(out.writes, [ansiEscapes.enterAlternativeScreen + ansiEscapes.cursorHide]);
  screen.restore();
  screen.restore();
  assert.deepEqual(out.writes.slice(1), [ansiEscapes.cursorShow + ansiEscapes.exitAlternativeScreen]);
});

test('signals go to the handler; crashes and process exit restore the screen first', () => {
  const out = recorder();
  const proc = new EventEmitter();
  const screen = enterTerminalScreen(out.stream);
  const signals: ExitSignal[] = [];
  const crashes: unknown[] = [];
  const remove = guardTerminal(
    screen,
    {
      onSignal: (s) => signals.push(s),
      onCrash: (e) => {
        assert.equal(out.writes.length, 2, 'restored before the crash handler runs');
        crashes.push(e);
      },
    },
    proc,
  );
  proc.emit('SIGTERM', 'SIGTERM');
  proc.emit('SIGHUP', 'SIGHUP');
  assert.deepEqual(signals, ['SIGTERM', 'SIGHUP']);
  const boom = new Error('boom');
  proc.emit('unhandledRejection', boom);
  proc.emit('exit', 2);
  assert.deepEqual(crashes, [boom]);
  assert.equal(out.writes.length, 2, 'restored exactly once');
  remove();
  assert.equal(proc.listenerCount('SIGTERM') + proc.listenerCount('uncaughtException') + proc.listenerCount('exit'), 0);
});

test('a crash is reported as one line without a stack', () => {
  const error = new Error('first line\nsecond line');
  assert.equal(crashLine(error), 'mailkeep: internal error: first line');
  assert.equal(crashLine('plain'), 'mailkeep: internal error: plain');
});
