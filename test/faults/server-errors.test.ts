// Gmail-style bad days during the first download: drops, BYE, NO [UNAVAILABLE], throttling, a
// connection cap, a stalled server. Each must back off (visible as a `paused` event with a time),
// resume on its own and end with a byte-exact, complete backup.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { assertBackupOf } from '../support/backup-check.js';
import { syncOnce, useCorpusServer } from '../support/corpus-server.js';
import { appendMessage, serverFolders, serverMessages, testMessage } from '../support/server-mail.js';

const corpus = useCorpusServer({ proxy: true });
const FOLDERS = ['INBOX', 'Sent Items'];
const BODY_FETCH = /BODY\.PEEK\[\]/i;

async function freshAccount(overrides: Partial<AccountConfig> = {}): Promise<AccountConfig> {
  return corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, { patterns: FOLDERS, ...overrides });
}

/**
 * The pass recovers by itself: exit 0, a visible pause with a future `until`, a complete backup,
 * and every message counted once, those stored by an attempt that was cut short too.
 */
async function assertRecovers(account: AccountConfig): Promise<void> {
  const { summary, events } = await syncOnce(account);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  const onServer = await Promise.all(FOLDERS.map((folder) => serverMessages(corpus.server, folder)));
  const lines = events.flatMap((e) => (e.type === 'mailbox-done' ? [e.added] : []));
  assert.equal(summary.added, onServer.flat().length, 'the summary counts every message the pass stored');
  assert.equal(
    lines.reduce((sum, n) => sum + n, 0),
    summary.added,
    "the mailboxes' lines add up to the summary",
  );
  const paused = events.filter((e) => e.type === 'paused');
  assert.ok(paused.length > 0, 'the wait is reported as a paused event');
  for (const p of paused) assert.ok(p.until > p.at && p.reason.length > 0, 'paused until a later time, with a reason');
  await assertBackupOf(corpus.server, account, { complete: true, folders: FOLDERS });
}

describe('server errors during the first download back off and resume to 100%', () => {
  test('connection cut inside a message literal, twice', async () => {
    corpus.proxy.cutAfterBytes(200, { inLiteral: true, connections: 2 });
    await assertRecovers(await freshAccount());
  });

  test('connection cut mid-stream (after N bytes of a FETCH reply)', async () => {
    corpus.proxy.cutAfterBytes(5000, { whenCommand: BODY_FETCH });
    await assertRecovers(await freshAccount());
  });

  test('untagged BYE [OVERQUOTA] on a FETCH', async () => {
    corpus.proxy.injectUntagged('BYE [OVERQUOTA] Account exceeded command or bandwidth limits.', {
      whenCommand: BODY_FETCH,
      connections: 2,
    });
    await assertRecovers(await freshAccount());
  });

  test('untagged BYE System Error', async () => {
    corpus.proxy.injectUntagged('BYE System Error', { whenCommand: BODY_FETCH });
    await assertRecovers(await freshAccount());
  });

  test('tagged NO [UNAVAILABLE] on a FETCH', async () => {
    corpus.proxy.replaceTaggedResponse(BODY_FETCH, 'NO [UNAVAILABLE] Temporary System Error', { connections: 2 });
    await assertRecovers(await freshAccount());
  });

  test('tagged NO [LIMIT] too many connections at login', async () => {
    corpus.proxy.replaceTaggedResponse(/LOGIN|AUTHENTICATE/i, 'NO [LIMIT] Too many simultaneous connections.', {
      connections: 2,
    });
    await assertRecovers(await freshAccount());
  });

  test('tagged NO [UNAVAILABLE] on EXAMINE', async () => {
    corpus.proxy.replaceTaggedResponse(/EXAMINE/i, 'NO [UNAVAILABLE] Temporary System Error');
    await assertRecovers(await freshAccount());
  });

  test("Microsoft 365's BAD Request is throttled, with a suggested backoff: the pause lasts at least that long", async () => {
    const throttled = 'BAD Request is throttled. Suggested Backoff Time: 3000 milliseconds';
    corpus.proxy.replaceTaggedResponse(BODY_FETCH, throttled);
    const account = await freshAccount();
    const { summary, events } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    const paused = events.filter((e) => e.type === 'paused');
    assert.deepEqual(
      paused.map((p) => [p.until - p.at >= 3000, /Suggested Backoff Time: 3000/.test(p.reason)]),
      [[true, true]],
    );
    await assertBackupOf(corpus.server, account, { complete: true, folders: FOLDERS });
  });

  test('OK [THROTTLED] warnings do not stop the download', async () => {
    corpus.proxy.injectUntagged('OK [THROTTLED] Slow down', { whenCommand: BODY_FETCH, connections: 5 });
    corpus.proxy.replaceTaggedResponse(BODY_FETCH, 'OK [THROTTLED] Fetch completed slowly', { connections: 5 });
    const account = await freshAccount();
    const { summary } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    await assertBackupOf(corpus.server, account, { complete: true, folders: FOLDERS });
  });

  test('a stalled server times out and the sync resumes on a new connection', async () => {
    corpus.proxy.stall({ whenCommand: BODY_FETCH });
    await assertRecovers(await freshAccount());
  });
});

describe('a connection lost while mailboxes are sent ahead on it', () => {
  test('every mailbox in flight is queued again and synced on the new connection', async () => {
    const account = corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, {
      patterns: ['*'],
      deletions: 'mirror',
    });
    assert.equal((await syncOnce(account)).summary.exitCode, 0);
    const folders = await serverFolders(corpus.server);
    for (const folder of folders) await appendMessage(corpus.server, folder, testMessage(folder, 900));
    // The pass examines each mailbox right behind the previous one on its one connection; the cut
    // comes once a few of them are on the wire.
    corpus.proxy.cutAfterBytes(1500, { whenCommand: BODY_FETCH });
    const { summary, events } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.equal(summary.added, folders.length);
    assert.ok(
      events.some((e) => e.type === 'paused'),
      'the drop is reported as a pause',
    );
    const checks = events.filter((e) => e.type === 'mailbox-phase' && e.phase === 'checking').length;
    assert.ok(
      checks > folders.length,
      `mailboxes in flight were examined again (${checks} EXAMINEs for ${folders.length})`,
    );
    await assertBackupOf(corpus.server, account, { complete: true, folders });
  });
});
