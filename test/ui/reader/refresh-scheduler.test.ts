import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefreshScheduler } from '../../../src/ui/reader/refresh-scheduler.js';
import type { MailboxRef } from '../../../src/ui/reader/mailbox-changes.js';

/** A scheduler on a hand-driven clock; each run stays open until the test settles it. */
function harness() {
  let clock = 0;
  let timer: { at: number; fn: () => void } | undefined;
  const runs: { changed: string[]; settle: () => void }[] = [];
  const scheduler = createRefreshScheduler({
    minIntervalMs: 1000,
    now: () => clock,
    setTimer: (fn, ms) => (timer = { at: clock + ms, fn }),
    clearTimer: () => (timer = undefined),
    run: (changed) =>
      new Promise<void>((resolve) => {
        runs.push({ changed: changed.map((c) => `${c.account}:${c.mailbox}`), settle: resolve });
      }),
  });
  const advance = async (ms: number) => {
    clock += ms;
    if (timer && timer.at <= clock) {
      const due = timer;
      timer = undefined;
      due.fn();
    }
    await new Promise((resolve) => setImmediate(resolve));
  };
  const settle = async (i: number) => {
    runs[i]!.settle();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { scheduler, runs, advance, settle, pendingTimer: () => timer !== undefined };
}

const ref = (mailbox: string): MailboxRef => ({ account: 'a', mailbox });

test('the first change runs at once; a burst meanwhile becomes one more run, not before the interval', async () => {
  const h = harness();
  h.scheduler.request([ref('INBOX')]);
  assert.deepEqual(
    h.runs.map((r) => r.changed),
    [['a:INBOX']],
  );
  for (let i = 0; i < 300; i++) h.scheduler.request([ref(`L${i % 3}`), ref('INBOX')]);
  assert.equal(h.runs.length, 1, 'never two at a time');
  await h.settle(0);
  assert.equal(h.runs.length, 1, 'not before a second has passed since the last run started');
  await h.advance(999);
  assert.equal(h.runs.length, 1);
  await h.advance(1);
  assert.deepEqual(
    h.runs.map((r) => r.changed),
    [['a:INBOX'], ['a:L0', 'a:INBOX', 'a:L1', 'a:L2']],
  );
});

test('a run slower than the interval: the next starts only when it settles', async () => {
  const h = harness();
  h.scheduler.request([ref('INBOX')]);
  h.scheduler.request([ref('Sent')]);
  await h.advance(5000);
  assert.equal(h.runs.length, 1);
  await h.settle(0);
  assert.deepEqual(
    h.runs.map((r) => r.changed),
    [['a:INBOX'], ['a:Sent']],
  );
});

test('a failed run does not stop later ones', async () => {
  const calls: string[] = [];
  const scheduler = createRefreshScheduler({
    minIntervalMs: 0,
    run: async (changed) => {
      calls.push(changed[0]!.mailbox);
      if (calls.length === 1) throw new Error('disk gone');
    },
  });
  scheduler.request([ref('INBOX')]);
  await new Promise((resolve) => setImmediate(resolve));
  scheduler.request([ref('Sent')]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls, ['INBOX', 'Sent']);
});

test('dispose drops what is pending and its timer', async () => {
  const h = harness();
  h.scheduler.request([ref('INBOX')]);
  await h.settle(0);
  h.scheduler.request([ref('Sent')]);
  assert.ok(h.pendingTimer());
  h.scheduler.dispose();
  assert.ok(!h.pendingTimer());
  await h.advance(2000);
  assert.equal(h.runs.length, 1);
});
