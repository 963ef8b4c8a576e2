import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { createProgressStore } from '../../src/engine/progress-store.js';
import { ScriptedEngine } from '../ui/support/scripted-engine.js';

test('events are folded at once but published at most once per interval', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const engine = new ScriptedEngine();
  const store = createProgressStore(engine, { intervalMs: 100 });
  t.after(() => store.dispose());
  const listener = mock.fn();
  store.subscribe(listener);
  const initial = store.getSnapshot();

  engine.emit({ type: 'pass-start', pass: 1, at: 0 });
  for (let i = 0; i < 50; i++) {
    engine.emit({ type: 'mailbox-progress', account: 'a', mailbox: 'INBOX', messagesDone: i, bytesDone: i, at: i });
  }
  assert.equal(listener.mock.callCount(), 0);
  assert.equal(store.getSnapshot(), initial, 'identity is stable between notifications');

  t.mock.timers.tick(100);
  assert.equal(listener.mock.callCount(), 1);
  const published = store.getSnapshot();
  assert.equal(published.pass, 1);
  assert.equal(published.accounts[0]?.mailboxes[0]?.messagesDone, 49);
  assert.equal(store.getSnapshot(), published);

  t.mock.timers.tick(1000);
  assert.equal(listener.mock.callCount(), 1, 'no notification without a change');
});

test('resync calls the engine once per request and publishes the queued pass at once', () => {
  const engine = new ScriptedEngine();
  const store = createProgressStore(engine, { intervalMs: 100, now: () => 7 });
  try {
    engine.emit({ type: 'pass-start', pass: 1, at: 0 });
    store.resync();
    store.resync([{ account: 'a', mailbox: 'INBOX' }]);
    assert.deepEqual(engine.resyncCalls, [undefined, [{ account: 'a', mailbox: 'INBOX' }]]);
    assert.equal(store.getSnapshot().passQueued, true);
    assert.equal(store.getSnapshot().running, true);
  } finally {
    store.dispose();
  }
});

test('dispose unsubscribes from the engine and cancels the pending flush', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const engine = new ScriptedEngine();
  const store = createProgressStore(engine);
  const listener = mock.fn();
  store.subscribe(listener);
  engine.emit({ type: 'pass-start', pass: 1, at: 0 });
  store.dispose();
  t.mock.timers.tick(500);
  assert.equal(listener.mock.callCount(), 0);
  assert.equal(engine.listenerCount, 0);
});

test('G on an idle engine starts the pass at once and leaves nothing queued', () => {
  // The real engine emits pass-start from inside resync() when it is idle.
  class EagerEngine extends ScriptedEngine {
    private pass = 0;
    override resync(targets?: Parameters<ScriptedEngine['resync']>[0]): void {
      super.resync(targets);
      if (!this.running) this.emit({ type: 'pass-start', pass: ++this.pass, at: this.pass });
    }
  }
  const engine = new EagerEngine();
  const store = createProgressStore(engine, { intervalMs: 100 });
  try {
    store.resync();
    store.flush();
    assert.equal(store.getSnapshot().pass, 1);
    assert.equal(store.getSnapshot().passQueued, false);
    store.resync();
    assert.equal(store.getSnapshot().passQueued, true, 'asked while running: queued');
  } finally {
    store.dispose();
  }
});
