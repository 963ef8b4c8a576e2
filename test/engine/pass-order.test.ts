import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { accountRuns } from '../../src/engine/pass-order.js';

/** Only what accountRuns reads: where an account stores its folders. */
function account(name: string, localPath: string, inboxPath: string, nearMailbox?: string): AccountConfig {
  const layout = { localPath, inboxPath, subFolders: 'verbatim' as const };
  return { name, ...layout, ...(nearMailbox !== undefined ? { nearMailbox } : {}) } as AccountConfig;
}

const names = (runs: AccountConfig[][]) => runs.map((run) => run.map((a) => a.name));

test('one Channel per Gmail folder on one store: each its own folder, all side by side', () => {
  const runs = accountRuns([
    account('inbox', '/m/gmail', '/m/gmail/inbox', 'INBOX'),
    account('sent', '/m/gmail', '/m/gmail/inbox', 'sent'),
    account('drafts', '/m/gmail', '/m/gmail/inbox', 'drafts'),
  ]);
  assert.deepEqual(names(runs), [['inbox'], ['sent'], ['drafts']]);
});

test('a Channel with Patterns and the single-folder Channels in its tree take turns, in config order', () => {
  const runs = accountRuns([
    account('all', '/m/gmail', '/m/gmail/inbox'),
    account('other', '/m/other', '/m/other/INBOX'),
    account('default', '/m/gmail', '/m/gmail/inbox'),
    account('sent', '/m/gmail', '/m/gmail/inbox', 'sent'),
  ]);
  assert.deepEqual(names(runs), [['all', 'default', 'sent'], ['other']]);
});

test('two single-folder Channels into one folder take turns; a tree holding others takes turns with all', () => {
  const accounts = [
    account('a', '/m/x', '/m/x/INBOX', 'Inbox'),
    account('b', '/m/y', '/m/y/INBOX', 'INBOX'),
    account('c', '/m/x', '/m/x/other', 'Inbox'),
  ];
  assert.deepEqual(names(accountRuns(accounts)), [['a', 'c'], ['b']]);
  assert.deepEqual(names(accountRuns([...accounts, account('outer', '/m', '/m/INBOX')])), [['a', 'b', 'c', 'outer']]);
});
