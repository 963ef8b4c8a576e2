// The spare sessions a pass opens while it still lists (one per mailbox it will download, up to
// the account's concurrency) against a scripted server: one refused for good ends the account with
// that error reported, not the process with a rejection nobody listened to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SyncError } from '../../src/engine/errors.js';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { runPass } from '../support/corpus-server.js';
import { useFakeAccounts } from '../support/fake-imap-account.js';
import { startFakeImap } from '../support/fake-imap.js';
import { PROVIDERS } from '../support/provider-profiles.js';

const accountOn = useFakeAccounts();

test('a spare session refused for good while listing: the pass ends with that error, the process goes on', async () => {
  const gmail = PROVIDERS.find((p) => p.name === 'Gmail')!;
  const account = await accountOn(await startFakeImap(gmail.profile, gmail.mailboxes), { concurrency: 3 });
  let sessions = 0;
  const connect: RemoteConnector = async (config) => {
    sessions += 1;
    if (sessions > 1) throw new SyncError('AUTH_FAILED', 'account', 'final', 'second login refused');
    const session = await connectImap(config);
    // A remote server (spares are opened while listing only for one not on this machine) whose
    // LIST ends a while after its last mailbox.
    const list: typeof session.list = async (onListed, scope) => {
      const listed = await session.list(onListed, scope);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return listed;
    };
    return { ...session, onThisMachine: false, list };
  };
  const { summary } = await runPass(account, { connect });
  assert.ok(sessions > 1, 'a spare session was asked for');
  assert.equal(summary.exitCode, 2);
  assert.deepEqual(
    summary.errors.map((e) => [e.code, e.message]),
    [['AUTH_FAILED', 'second login refused']],
  );
});
