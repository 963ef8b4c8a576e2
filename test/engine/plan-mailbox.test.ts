import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  diffMessages,
  estimatedWork,
  expectedDownloads,
  planDeletions,
  planFetchBatches,
  planForUidValidity,
  planMailbox,
  sessionsWanted,
} from '../../src/engine/plan-mailbox.js';
import type { StoredMessage } from '../../src/maildir/types.js';

const state = {
  uidValidity: 7,
  uidNext: 11,
  highestModSeq: 50,
  messages: 10,
  highestStoredUid: 10,
  localStamp: '1:5/2:6',
};

test('planMailbox decides from state, STATUS and the folder stamp', () => {
  const table: [
    string,
    Parameters<typeof planMailbox>[0],
    Parameters<typeof planMailbox>[1],
    ReturnType<typeof planMailbox>,
  ][] = [
    ['no state', null, { messages: 3, uidNext: 4, uidValidity: 7 }, { kind: 'full' }],
    ['unchanged', state, { messages: 10, uidNext: 11, uidValidity: 7, highestModSeq: 50 }, { kind: 'skip' }],
    [
      'new mail',
      state,
      { messages: 11, uidNext: 12, uidValidity: 7, highestModSeq: 51 },
      { kind: 'incremental', changedSince: 50 },
    ],
    [
      'flags only',
      state,
      { messages: 10, uidNext: 11, uidValidity: 7, highestModSeq: 52 },
      { kind: 'incremental', changedSince: 50 },
    ],
    [
      'no CONDSTORE',
      { ...state, highestModSeq: undefined },
      { messages: 10, uidNext: 11, uidValidity: 7 },
      { kind: 'incremental' },
    ],
    [
      'unfinished pass',
      { ...state, uidNext: 0 },
      { messages: 10, uidNext: 11, uidValidity: 7, highestModSeq: 50 },
      { kind: 'incremental', changedSince: 50 },
    ],
    [
      'uidvalidity',
      state,
      { messages: 10, uidNext: 11, uidValidity: 8, highestModSeq: 50 },
      { kind: 'uidvalidity-changed', previousUidValidity: 7 },
    ],
    [
      'no stamp saved yet',
      { ...state, localStamp: undefined },
      { messages: 10, uidNext: 11, uidValidity: 7, highestModSeq: 50 },
      { kind: 'incremental', localChanged: true },
    ],
  ];
  for (const [name, saved, status, expected] of table)
    assert.deepEqual(planMailbox(saved, status, '1:5/2:6', null), expected, name);
  const unchanged = { messages: 10, uidNext: 11, uidValidity: 7, highestModSeq: 50 };
  assert.deepEqual(
    planMailbox(state, unchanged, '1:5/2:7', null),
    { kind: 'incremental', localChanged: true },
    'folder edited by hand',
  );
  assert.deepEqual(
    planMailbox(state, unchanged, null, null),
    { kind: 'incremental', localChanged: true },
    'folder missing',
  );
  assert.deepEqual(
    planMailbox(state, { ...unchanged, highestModSeq: 51 }, '1:5/2:7', null),
    { kind: 'incremental', localChanged: true },
    'both changed: no CHANGEDSINCE shortcut',
  );
  assert.deepEqual(planMailbox(null, unchanged, null, null), { kind: 'full' });
  const limited = { ...state, localStamp: '1:5/2:6', sizeLimit: 1024 };
  assert.deepEqual(planMailbox(limited, unchanged, '1:5/2:6', 1024), { kind: 'skip' }, 'same MaxSize');
  assert.deepEqual(planMailbox(limited, unchanged, '1:5/2:6', 512), { kind: 'skip' }, 'MaxSize lowered');
  assert.deepEqual(planMailbox(limited, unchanged, '1:5/2:6', 4096), { kind: 'incremental' }, 'MaxSize raised');
  assert.deepEqual(planMailbox(limited, unchanged, '1:5/2:6', null), { kind: 'incremental' }, 'MaxSize removed');
  const unlimited = { ...limited, sizeLimit: undefined };
  assert.deepEqual(planMailbox(unlimited, unchanged, '1:5/2:6', null), { kind: 'skip' }, 'no MaxSize, none before');
  assert.deepEqual(planMailbox(unlimited, unchanged, '1:5/2:6', 1024), { kind: 'incremental' }, 'limit not recorded');
});

const stored = (uid: number, flags = ''): StoredMessage => ({
  uid,
  uidValidity: 7,
  flags,
  path: `/m/cur/${uid}`,
  size: 100,
});

test('diffMessages: fetch what is missing, rename changed flags, report vanished', () => {
  const local = new Map([
    [1, stored(1, 'S')],
    [2, stored(2)],
    [3, stored(3, 'F')],
  ]);
  const diff = diffMessages(
    [1, 2, 4, 5],
    [
      { uid: 1, flags: ['\\Seen'], size: 100 },
      { uid: 2, flags: ['\\Seen', '\\Answered'], size: 100 },
      { uid: 4, flags: [], size: 10 },
    ],
    local,
    (flags) =>
      flags
        .map((f) => (f === '\\Seen' ? 'S' : f === '\\Answered' ? 'R' : ''))
        .sort()
        .join(''),
  );
  assert.deepEqual(diff.toFetch, [4, 5]);
  assert.deepEqual(
    diff.flagUpdates.map((u) => [u.message.uid, u.flags]),
    [[2, 'RS']],
  );
  assert.deepEqual(
    diff.gone.map((m) => m.uid),
    [3],
  );
});

test('planDeletions: keep never deletes, mirror deletes, the guard stops mass deletion', () => {
  const gone = [stored(1), stored(2)];
  assert.deepEqual(planDeletions(gone, 10, 'keep', false), { remove: [], guardTripped: false });
  assert.deepEqual(
    planDeletions(gone, 10, 'mirror', false).remove.map((m) => m.uid),
    [1, 2],
  );
  assert.equal(planDeletions(gone, 4, 'mirror', false).remove.length, 2, 'exactly half is not a mass deletion');
  const three = [...gone, stored(3)];
  assert.deepEqual(planDeletions(three, 4, 'mirror', false), { remove: [], guardTripped: true });
  assert.equal(planDeletions(three, 4, 'mirror', true).remove.length, 3, '--allow-mass-delete lifts the guard');
  assert.deepEqual(planDeletions(three, 4, 'keep', false), { remove: [], guardTripped: false });
});

test('planFetchBatches: bounded in-memory batches, big messages streamed alone', () => {
  const limits = { maxMessages: 3, maxBytes: 1000, streamAbove: 5000 };
  const batches = planFetchBatches(
    [
      { uid: 1, size: 10 },
      { uid: 2, size: 10 },
      { uid: 3, size: 10 },
      { uid: 4, size: 10 },
      { uid: 5, size: 900 },
      { uid: 6, size: 200 },
      { uid: 7, size: 9000 },
      { uid: 8, size: 1 },
    ],
    limits,
  );
  assert.deepEqual(
    batches.map((b) => [b.uids, b.stream]),
    [
      [[1, 2, 3], false],
      [[4, 5], false],
      [[6], false],
      [[7], true],
      [[8], false],
    ],
  );
});

test('estimatedWork: a first pass costs the whole mailbox, a later one its arrivals plus a share of its size', () => {
  const status = { messages: 6400, uidNext: 7001, uidValidity: 9 };
  assert.equal(estimatedWork(null, status), 6400 + 100);
  assert.equal(estimatedWork({ uidValidity: 9, uidNext: 6801 }, status), 200 + 100);
  assert.equal(estimatedWork({ uidValidity: 9, uidNext: 7001 }, status), 100);
  // Another UIDVALIDITY: everything may have to be fetched again.
  assert.equal(estimatedWork({ uidValidity: 8, uidNext: 7001 }, status), 6400 + 100);
  assert.equal(estimatedWork(null, undefined), 0);
  const big = estimatedWork({ uidValidity: 9, uidNext: 7001 }, status);
  const small = estimatedWork({ uidValidity: 1, uidNext: 11 }, { messages: 10, uidNext: 12, uidValidity: 1 });
  assert.ok(big > small, 'a big unchanged-looking mailbox still goes before a small one with one arrival');
});

test('sessionsWanted: a session per mailbox that needs one, plus one for all pipelined ones, within the limit', () => {
  const remote = { pipelines: true, onThisMachine: false, namesMessages: false };
  const needs = (pipelinable: number, needSession: number, downloads = 0) => ({ pipelinable, needSession, downloads });
  assert.equal(sessionsWanted(needs(0, 0), 4, remote), 1);
  assert.equal(sessionsWanted(needs(200, 0), 4, remote), 1, 'two hundred small passes: one pipelined connection');
  assert.equal(sessionsWanted(needs(198, 2, 40), 4, remote), 3, 'two downloads of their own, the rest pipelined');
  assert.equal(sessionsWanted(needs(0, 200, 40_000), 4, remote), 4, "a first pass: the account's concurrency");
  assert.equal(sessionsWanted(needs(0, 1, 10), 4, remote), 1);
  const noPipelining = { pipelines: false, onThisMachine: false, namesMessages: false };
  assert.equal(
    sessionsWanted(needs(3, 0), 4, noPipelining),
    3,
    'no pipelining (no QRESYNC): a session per mailbox waiting for answers',
  );
  assert.equal(sessionsWanted(needs(10, 10), 2, noPipelining), 2);
});

test('sessionsWanted on a server on this machine: a session of its own only for many downloads', () => {
  const local = { pipelines: true, onThisMachine: true, namesMessages: false };
  const needs = (pipelinable: number, needSession: number, downloads: number) => ({
    pipelinable,
    needSession,
    downloads,
  });
  assert.equal(
    sessionsWanted(needs(198, 2, 300), 4, local),
    1,
    'two mailboxes of 100 and 200 arrivals: one connection',
  );
  assert.equal(sessionsWanted(needs(0, 2, 300), 4, local), 1, 'the same without pipelined ones');
  assert.equal(sessionsWanted(needs(198, 2, 1_200), 4, local), 3, 'two big downloads: their own sessions');
  assert.equal(sessionsWanted(needs(0, 3, 1_000), 4, local), 3, "two sessions' worth, and one for the third mailbox");
  assert.equal(sessionsWanted(needs(0, 200, 40_000), 4, local), 4, "a first pass: the account's concurrency");
  assert.equal(
    sessionsWanted(needs(0, 200, 40_000), 4, { pipelines: false, onThisMachine: true, namesMessages: false }),
    4,
    'without pipelining every mailbox waits for its answers: as on any server',
  );
});

test('expectedDownloads: the arrivals since the saved state, everything on a first pass or after a UIDVALIDITY change', () => {
  assert.equal(expectedDownloads({ uidValidity: 9, uidNext: 90 }, { messages: 100, uidNext: 101, uidValidity: 9 }), 11);
  assert.equal(
    expectedDownloads(null, { messages: 100, uidNext: 1001, uidValidity: 9 }),
    100,
    'no more than the mailbox holds',
  );
  assert.equal(
    expectedDownloads({ uidValidity: 8, uidNext: 90 }, { messages: 100, uidNext: 101, uidValidity: 9 }),
    100,
  );
});

test('planForUidValidity: a UIDVALIDITY the EXAMINE tells apart from the saved one makes the plan a change', () => {
  const incremental = { kind: 'incremental' as const, changedSince: 50 };
  assert.deepEqual(planForUidValidity(incremental, state, 7), incremental);
  assert.deepEqual(planForUidValidity(incremental, state, 8), { kind: 'uidvalidity-changed', previousUidValidity: 7 });
  assert.deepEqual(planForUidValidity({ kind: 'full' }, null, 8), { kind: 'full' });
  const changed = { kind: 'uidvalidity-changed' as const, previousUidValidity: 7 };
  assert.deepEqual(planForUidValidity(changed, state, 9), changed);
});
