import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from 'ink';
import { createKeyQueue, type KeyListener } from '../../../src/ui/keys/key-queue.js';

const none = { return: false, backspace: false, meta: false, ctrl: false, tab: false } as Key;

/** A queue whose renders happen when the test says so; each listener records what it heard. */
function harness() {
  const pendingRenders: (() => void)[] = [];
  const queue = createKeyQueue((next) => pendingRenders.push(next));
  const render = () => pendingRenders.shift()?.();
  const renderAll = () => {
    while (pendingRenders.length) render();
  };
  const listener = (heard: string[], active = () => true): KeyListener => ({
    isActive: active,
    onKey: (input, key) => heard.push(key.return ? '⏎' : input),
  });
  return { queue, render, renderAll, listener };
}

test('a run of keys is heard one key per render, in order', () => {
  const h = harness();
  const heard: string[] = [];
  h.queue.listen(h.listener(heard));
  h.queue.push('ab\r', none);
  assert.deepEqual(heard, ['a'], 'the first key at once');
  h.render();
  assert.deepEqual(heard, ['a', 'b']);
  h.renderAll();
  assert.deepEqual(heard, ['a', 'b', '⏎']);
});

test('an event arriving before the last key rendered waits its turn', () => {
  const h = harness();
  const heard: string[] = [];
  h.queue.listen(h.listener(heard));
  h.queue.push('x', none);
  h.queue.push('y', none);
  assert.deepEqual(heard, ['x']);
  h.renderAll();
  assert.deepEqual(heard, ['x', 'y']);
  h.queue.push('z', none);
  assert.deepEqual(heard, ['x', 'y', 'z'], 'idle again: heard at once');
});

test('activity, listeners added and removed are read at each key', () => {
  const h = harness();
  const app: string[] = [];
  const field: string[] = [];
  const dialog: string[] = [];
  let dialogActive = false;
  let closeField = () => {};
  // The app hears `a` first: it closes the field (listening after it) and opens a dialog.
  h.queue.listen({
    isActive: () => true,
    onKey: (input) => {
      app.push(input);
      if (input !== 'a') return;
      closeField();
      h.queue.listen(h.listener(dialog, () => dialogActive));
    },
  });
  closeField = h.queue.listen(h.listener(field));
  h.queue.push('abc', none);
  assert.deepEqual(field, [], 'removed during a key: does not hear it');
  assert.deepEqual(dialog, [], 'added during a key: does not hear it');
  h.render();
  assert.deepEqual(dialog, [], 'inactive');
  dialogActive = true;
  h.renderAll();
  assert.deepEqual(app, ['a', 'b', 'c']);
  assert.deepEqual(field, []);
  assert.deepEqual(dialog, ['c']);
});

test('close drops the keys still waiting', () => {
  const h = harness();
  const heard: string[] = [];
  h.queue.listen(h.listener(heard));
  h.queue.push('abc', none);
  h.queue.close();
  h.renderAll();
  h.queue.push('d', none);
  assert.deepEqual(heard, ['a']);
});
