// Gmail-style bad days during the first download: drops, BYE, NO [UNAVAILABLE], throttling, a
// connection cap, a stalled server. Each must back off (visible as a `paused` event with a time),
// resume on its own and end with a byte-exact, complete backup.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { assertBackupOf, plainAccount, syncOnce } from '../support/backup-check.js';
import { generateCorpus } from '../support/corpus.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { loadCorpus } from '../support/server-mail.js';

let server: DovecotServer;
let proxy: FaultProxy;
const roots: string[] = [];
const FOLDERS = ['INBOX', 'Sent Items'];
const BODY_FETCH = /BODY\.PEEK\[\]/i;

async function freshAccount(overrides: Partial<AccountConfig> = {}): Promise<AccountConfig> {
  const root = await mkdtemp(join(tmpdir(), 'mailkeep-faults-'));
  roots.push(root);
  return plainAccount(root, proxy.port, server.user, { patterns: FOLDERS, ...overrides });
}

/** The pass recovers by itself: exit 0, a visible pause with a future `until`, a complete backup. */
async function assertRecovers(account: AccountConfig): Promise<void> {
  const { summary, events } = await syncOnce(account);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  const paused = events.filter((e) => e.type === 'paused');
  assert.ok(paused.length > 0, 'the wait is reported as a paused event');
  for (const p of paused) assert.ok(p.until > p.at && p.reason.length > 0, 'paused until a later time, with a reason');
  await assertBackupOf(server, account, { complete: true, folders: FOLDERS });
}

before(async () => {
  server = await startDovecot();
  await loadCorpus(server, generateCorpus('tiny'));
  proxy = await startFaultProxy({ targetPort: server.imapPort });
});

afterEach(() => proxy.clearRules());

after(async () => {
  await proxy?.close();
  await server?.stop();
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

describe('server errors during the first download back off and resume to 100%', () => {
  test('connection cut inside a message literal, twice', async () => {
    proxy.cutAfterBytes(200, { inLiteral: true, connections: 2 });
    await assertRecovers(await freshAccount());
  });

  test('connection cut mid-stream (after N bytes of a FETCH reply)', async () => {
    proxy.cutAfterBytes(5000, { whenCommand: BODY_FETCH });
    await assertRecovers(await freshAccount());
  });

  test('untagged BYE [OVERQUOTA] on a FETCH', async () => {
    proxy.injectUntagged('BYE [OVERQUOTA] Account exceeded command or bandwidth limits.', { whenCommand: BODY_FETCH, connections: 2 });
    await assertRecovers(await freshAccount());
  });

  test('untagged BYE System Error', async () => {
    proxy.injectUntagged('BYE System Error', { whenCommand: BODY_FETCH });
    await assertRecovers(await freshAccount());
  });

  test('tagged NO [UNAVAILABLE] on a FETCH', async () => {
    proxy.replaceTaggedResponse(BODY_FETCH, 'NO [UNAVAILABLE] Temporary System Error', { connections: 2 });
    await assertRecovers(await freshAccount());
  });

  test('tagged NO [LIMIT] too many connections at login', async () => {
    proxy.replaceTaggedResponse(/LOGIN|AUTHENTICATE/i, 'NO [LIMIT] Too many simultaneous connections.', { connections: 2 });
    await assertRecovers(await freshAccount());
  });

  test('tagged NO [UNAVAILABLE] on EXAMINE', async () => {
    proxy.replaceTaggedResponse(/EXAMINE/i, 'NO [UNAVAILABLE] Temporary System Error');
    await assertRecovers(await freshAccount());
  });

  test('OK [THROTTLED] warnings do not stop the download', async () => {
    proxy.injectUntagged('OK [THROTTLED] Slow down', { whenCommand: BODY_FETCH, connections: 5 });
    proxy.replaceTaggedResponse(BODY_FETCH, 'OK [THROTTLED] Fetch completed slowly', { connections: 5 });
    const account = await freshAccount();
    const { summary } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    await assertBackupOf(server, account, { complete: true, folders: FOLDERS });
  });

  test('a stalled server times out and the sync resumes on a new connection', async () => {
    proxy.stall({ whenCommand: BODY_FETCH });
    await assertRecovers(await freshAccount());
  });
});
