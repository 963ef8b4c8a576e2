// `mailkeep restore` into a real Dovecot laid out as Courier and Cyrus are: hierarchy delimiter `.`
// and every folder under the personal namespace `INBOX.`. A source folder goes under it with its
// parts joined by `.`; one whose name holds a `.` cannot be made there and is named; flags and
// arrival dates are kept, and a rerun appends nothing. A PREFIX with a `.` in a part is refused.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RestoreEvent } from '../../src/engine/restore-events.js';
import { runRestore } from '../../src/engine/restore-run.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { scriptedAccount } from '../support/scripted-account.js';
import { serverMessages, withClient } from '../support/server-mail.js';

let server: DovecotServer;
let root: string;

before(async () => {
  server = await startDovecot({ personal: { separator: '.', prefix: 'INBOX.' } });
  root = await mkdtemp(join(tmpdir(), 'mailkeep-restore-targets-'));
});

after(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

const arrived = new Date('2019-05-06T07:08:09Z');

async function put(folder: string, name: string, id: string): Promise<void> {
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(root, folder, sub), { recursive: true });
  const file = join(root, folder, 'cur', name);
  await writeFile(file, `From: a@example.org\r\nMessage-ID: <${id}@x>\r\nSubject: ${id}\r\n\r\nin ${folder}\r\n`);
  await utimes(file, arrived, arrived);
}

const events: RestoreEvent[] = [];
const run = (prefix?: string) =>
  runRestore({
    account: scriptedAccount(server.imapPort, {
      name: 'courier-like',
      user: server.user.user,
      password: { kind: 'plain', password: server.user.password },
    }),
    source: root,
    ...(prefix !== undefined ? { prefix } : {}),
    dryRun: false,
    emit: (e) => events.push(e),
  });
const errors = () => events.flatMap((e) => (e.type === 'error' ? [e.error.message] : []));
const listed = () => withClient(server, async (client) => (await client.list()).map((box) => box.path).sort());

test('Courier and Cyrus layout (".", "INBOX."): folders go under INBOX., a name with "." is named, a rerun appends nothing', async () => {
  await put('INBOX', '1.a:2,S', 'inbox');
  await put('Archive/2024', '1.a:2,FR', 'archived');
  await put('Entwürfe', '1.a:2,D', 'draft');
  await put('v1.2', '1.a:2,S', 'dotted');
  const first = await run();
  assert.deepEqual([first.appended, first.failed, first.foldersFailed, first.exitCode], [3, 1, ['v1.2'], 1]);
  assert.deepEqual(errors(), [`folder v1.2 cannot be restored: a part contains the server's delimiter "."`]);
  assert.deepEqual(await listed(), ['INBOX', 'INBOX.Archive', 'INBOX.Archive.2024', 'INBOX.Entwürfe']);
  const [archived] = await serverMessages(server, 'INBOX.Archive.2024');
  assert.deepEqual(
    archived!.flags.filter((f) => f !== '\\Recent'),
    ['\\Answered', '\\Flagged'],
  );
  assert.equal(archived!.internalDate.toISOString(), arrived.toISOString());

  const again = await run();
  assert.deepEqual([again.appended, again.skipped, again.failed], [0, 3, 1]);
});

test("a PREFIX with the server's delimiter in a part is one line and exit 2, not a failure of every folder", async () => {
  events.length = 0;
  const before = await listed();
  const summary = await run('Restored.2024');
  assert.deepEqual([summary.appended, summary.failed, summary.exitCode], [0, 0, 2]);
  assert.deepEqual(errors(), [
    `--to courier-like:Restored.2024: no folder can be named so on 127.0.0.1: a part contains the server's delimiter "."`,
  ]);
  assert.deepEqual(await listed(), before);
});
