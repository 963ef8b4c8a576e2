// A pass that skipped a message it could not store ends with exit 1 and says how many in its
// summary; a message deleted on the server meanwhile (no FETCH answer at all) is no loss: exit 0.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runPass } from '../support/corpus-server.js';
import { startFakeImap } from '../support/fake-imap.js';
import type { FakeMessage } from '../support/fake-imap-types.js';
import { scriptedAccount } from '../support/scripted-account.js';
import type { ScriptedServer } from '../support/scripted-server.js';
import { summaryLines } from '../../src/commands/sync-printer.js';

const servers: ScriptedServer[] = [];
const roots: string[] = [];
after(async () => {
  for (const server of servers) await server.close();
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

const message = (uid: number, extra: Partial<FakeMessage> = {}): FakeMessage => ({
  uid,
  flags: ['\\Seen'],
  body: Buffer.from(`Subject: ${uid}\r\n\r\nmessage ${uid}\r\n`),
  ...extra,
});

/** Message 2's answer to the body FETCH is `answer` (its UID and sequence number filled in). */
async function passWith(answer: (seq: number) => string) {
  const odd = message(2, { rawFetch: (seq, items) => (/BODY\.PEEK/.test(items) ? answer(seq) : undefined) });
  const server = await startFakeImap(
    { greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready', capabilities: 'IMAP4rev1 UIDPLUS', delimiter: '/' },
    [{ listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages: [message(1), odd, message(3)] }],
  );
  servers.push(server);
  const root = await mkdtemp(join(tmpdir(), 'mailkeep-skipped-'));
  roots.push(root);
  const paths = {
    localPath: join(root, 'mail'),
    inboxPath: join(root, 'mail', 'INBOX'),
    stateDir: join(root, 'state'),
  };
  const limits = { concurrency: 1, dailyBudgetBytes: null, maxMessageBytes: null };
  const layout = { subFolders: 'verbatim', deletions: 'keep', copyArrivalDate: false } as const;
  const account = scriptedAccount(server.port, { ...paths, ...limits, ...layout, patterns: ['*'] });
  return (await runPass(account)).summary;
}

test('a FETCH answer without a body skips that message: exit 1, the summary counts it', async () => {
  const summary = await passWith((seq) => `* ${seq} FETCH (UID 2 FLAGS (\\Seen))\r\n`);
  assert.deepEqual(
    summary.errors.map((e) => [e.code, e.scope, e.uid]),
    [['MESSAGE_UNREADABLE', 'message', 2]],
  );
  assert.equal(summary.added, 2);
  assert.equal(summary.exitCode, 1);
  assert.match(summaryLines(summary).join('\n'), /skipped: 1 message not stored/);
});

test('a message deleted meanwhile (no FETCH answer) is no loss: exit 0', async () => {
  const summary = await passWith(() => '');
  assert.deepEqual(
    summary.errors.map((e) => [e.code, e.scope, e.uid]),
    [['MESSAGE_GONE', 'message', 2]],
  );
  assert.equal(summary.exitCode, 0);
  assert.doesNotMatch(summaryLines(summary).join('\n'), /skipped/);
});
