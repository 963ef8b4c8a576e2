// A body FETCH refused whole is asked again in halves: only the messages refused alone are
// unreadable, at most 2·k·⌈log2 n⌉ more commands for k of them; a refusal of everything stops early.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SyncError } from '../../../src/engine/errors.js';
import { fetchInHalvesWhenRefused, type SetFetcher } from '../../../src/engine/imap/fetch-in-halves.js';
import { ImapCommandError } from '../../../src/engine/imap/imap-errors.js';
import type { RemoteBody } from '../../../src/engine/remote.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const body = (uid: number): RemoteBody => ({ uid, flags: [], size: 1, body: Buffer.from('x') });

/** A server that refuses, with `answer`, every set holding one of `bad` (all of them for 'all'). */
function refusing(bad: readonly number[] | 'all', answer = 'BAD Command Argument Error. 11') {
  const [status, ...text] = answer.split(' ');
  const sets: number[][] = [];
  const unreadable: [number | undefined, string][] = [];
  let mayAsk = true;
  const fetcher: SetFetcher = {
    fetchSet: (uids) => {
      sets.push(uids);
      if (bad === 'all' || uids.some((uid) => bad.includes(uid))) {
        const result = { status: status as 'BAD' | 'NO', text: text.join(' ') };
        return Promise.reject(new ImapCommandError('UID FETCH', result));
      }
      return Promise.resolve(uids.map(body));
    },
    onUnreadable: (uid, error) => unreadable.push([uid, error.message]),
    mayAsk: () => mayAsk,
    olderAnswered: () => Promise.resolve(),
  };
  return { fetcher, sets, unreadable, goOn: () => (mayAsk = false) };
}

test('one message refused in a set of 200: the other 199 come, it alone is unreadable, 16 more FETCHes at most', async () => {
  const server = refusing([137]);
  const bodies = await fetchInHalvesWhenRefused(range(200), server.fetcher);
  assert.deepEqual(
    bodies.map((b) => b.uid),
    range(200).filter((uid) => uid !== 137),
  );
  assert.deepEqual(server.unreadable, [[137, 'the server answered BAD: Command Argument Error. 11']]);
  assert.ok(server.sets.length <= 1 + 2 * 8, `${server.sets.length} FETCHes`);
  assert.ok(
    server.sets.every((set) => set.length > 0),
    'no empty set is asked',
  );
});

test('k messages refused: each alone is unreadable, within 2·k·⌈log2 n⌉ more FETCHes', async () => {
  const bad = [3, 64, 65, 150, 199];
  const server = refusing(bad, 'NO [SERVERBUG] UID FETCH Server error');
  const bodies = await fetchInHalvesWhenRefused(range(200), server.fetcher);
  assert.equal(bodies.length, 195);
  assert.deepEqual(
    server.unreadable.map(([uid]) => uid).sort((a, b) => a! - b!),
    bad,
  );
  assert.ok(server.sets.length <= 1 + 2 * bad.length * 8, `${server.sets.length} FETCHes`);
});

test('every set refused (every message bad, or our command): the mailbox fails after a few dozen FETCHes', async () => {
  const server = refusing('all');
  await assert.rejects(fetchInHalvesWhenRefused(range(200), server.fetcher), (error: unknown) => {
    assert.ok(error instanceof SyncError);
    assert.equal(error.scope, 'mailbox');
    assert.match(error.message, /BAD Command Argument Error\. 11.*each of 9 messages asked alone/);
    return true;
  });
  // Depth first: far fewer than the 399 FETCHes of every half down to each message.
  assert.ok(server.sets.length <= 1 + 2 * 9 * 8, `${server.sets.length} FETCHes`);
  assert.deepEqual(server.unreadable, [], 'no message is told unreadable when the mailbox fails');
});

test('the session went on to another mailbox: nothing more is sent, the first refusal stands', async () => {
  const server = refusing([7]);
  server.goOn();
  await assert.rejects(
    fetchInHalvesWhenRefused(range(20), server.fetcher),
    (error: unknown) => error instanceof ImapCommandError && error.responseStatus === 'BAD',
  );
  assert.equal(server.sets.length, 1);
});

test('a NO asking to wait is no refusal of messages: not asked in halves', async () => {
  const server = refusing([7], 'NO [UNAVAILABLE] Temporary System Error');
  await assert.rejects(fetchInHalvesWhenRefused(range(20), server.fetcher), ImapCommandError);
  assert.equal(server.sets.length, 1);
});
