// The downloads of a mailbox's pass against a session the test answers by hand: when the session
// is handed to the next mailbox, and what a failure after that becomes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionNeeded } from '../../src/engine/examine-mailbox.js';
import { fetchBatches, type Download } from '../../src/engine/fetch-batches.js';
import type { MailboxSyncContext } from '../../src/engine/mailbox-context.js';
import { noCounts } from '../../src/engine/mailbox-counts.js';
import type { FetchBatch } from '../../src/engine/plan-mailbox.js';
import type { RemoteBody, RemoteSession } from '../../src/engine/remote.js';
import type { IncomingMessage, StoredMessage } from '../../src/maildir/index.js';

interface Asked {
  uids: number[];
  answer(): void;
  fail(error: Error): void;
}

/** A pass over `batches` whose FETCHes wait for the test; `timeline` records what happened in order. */
function pass(batches: FetchBatch[], { pipelineNext, written }: { pipelineNext: boolean; written?: Promise<void> }) {
  const timeline: string[] = [];
  const asked: Asked[] = [];
  const session = {
    fetchBodies: (uids: number[]) =>
      new Promise<RemoteBody[]>((resolve, reject) => {
        timeline.push(`fetch ${uids.join(',')}`);
        const bodies = uids.map((uid) => ({ uid, flags: [], size: 1, body: Buffer.from('x') }));
        asked.push({
          uids,
          answer: () => {
            timeline.push(`answered ${uids.join(',')}`);
            resolve(bodies);
          },
          fail: reject,
        });
      }),
    uidsStillThere: async (uids: number[]) => new Set(uids),
  } as unknown as RemoteSession;
  const ctx = {
    account: { name: 'a' },
    mailbox: { name: 'INBOX' },
    session,
    budget: { remaining: () => Infinity, consume: async () => undefined, resumesAt: () => 0 },
    emit: () => undefined,
    clock: () => 0,
    isStopping: () => false,
    pipelineNext,
  } as unknown as MailboxSyncContext;
  const download = {
    folder: {
      path: '/nowhere',
      writeBatch: async (messages: IncomingMessage[]) => {
        await written;
        return messages.map((m) => ({ uid: m.uid, size: 1, path: `/nowhere/${m.uid}` }) as StoredMessage);
      },
    },
    uidValidity: 1,
    batches,
    tally: { counts: noCounts(), highestStoredUid: 0 },
    saveProgress: async () => undefined,
    // As sync-mailbox hands it over: once.
    freeSession: () => timeline.includes('session free') || timeline.push('session free'),
    storing: { hashing: (body: RemoteBody) => body, recordDownloads: () => [] },
    linksLeft: false,
  } as unknown as Download;
  return { timeline, asked, done: fetchBatches(ctx, download) };
}

const batch = (...uids: number[]): FetchBatch => ({ uids, bytes: uids.length, stream: false });
const tick = () => new Promise((resolve) => setImmediate(resolve));

test("the session goes on to the next mailbox once the last batch's FETCH is sent, not once its bodies came", async () => {
  const { timeline, asked, done } = pass([batch(1, 2), batch(3)], { pipelineNext: true });
  await tick();
  asked[0]!.answer();
  await tick();
  assert.deepEqual(timeline, ['fetch 1,2', 'answered 1,2', 'fetch 3', 'session free']);
  asked[1]!.answer();
  assert.equal((await done).stopped, false);
});

test('a mailbox that keeps its session (queued again) frees it only once the last bodies came', async () => {
  const { timeline, asked, done } = pass([batch(1)], { pipelineNext: false });
  await tick();
  assert.deepEqual(timeline, ['fetch 1']);
  asked[0]!.answer();
  await done;
  assert.deepEqual(timeline, ['fetch 1', 'answered 1', 'session free']);
});

test('the last FETCH lost after the session went on: the mailbox is to be synced again (SessionNeeded, with the cause)', async () => {
  const { asked, done } = pass([batch(1), batch(2)], { pipelineNext: true });
  await tick();
  asked[0]!.answer();
  await tick();
  const dropped = new Error('connection dropped');
  asked[1]!.fail(dropped);
  await assert.rejects(done, (error: unknown) => error instanceof SessionNeeded && error.cause === dropped);
});

test('a failure before the session went on stays what it was', async () => {
  const { asked, done } = pass([batch(1), batch(2)], { pipelineNext: true });
  await tick();
  const refused = new Error('NO refused');
  asked[0]!.fail(refused);
  await assert.rejects(done, (error: unknown) => error === refused);
});

test('the next FETCH lost while a batch is being written: the pass fails with that loss, the process goes on', async () => {
  let wrote = () => {};
  const written = new Promise<void>((resolve) => (wrote = resolve));
  const { asked, done } = pass([batch(1), batch(2), batch(3)], { pipelineNext: false, written });
  await tick();
  asked[0]!.answer();
  await tick();
  // Batch 2 is asked for while batch 1 is written; the line drops before that write is done.
  const dropped = new Error('connection dropped');
  asked[1]!.fail(dropped);
  await new Promise((resolve) => setTimeout(resolve, 20));
  wrote();
  await assert.rejects(done, (error: unknown) => error === dropped);
});
