// Which account a restore's SOURCE is the backup of, with two accounts that mbsync keeps in one
// directory (`Path ~/Mail/gmail-`, `Path ~/Mail/work-`): each holds only its prefixed folders.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { sourceAccountOf } from '../../src/engine/restore-guard.js';
import { makeTempDir } from '../reader/make-maildir.js';

const tmp = makeTempDir('mailkeep-restore-guard-');
after(tmp.cleanup);
const mailDir = path.join(tmp.path, 'Mail');
for (const dir of ['gmail-INBOX', 'gmail-Sent', 'work-INBOX', 'work-Sent'])
  mkdirSync(path.join(mailDir, dir, 'cur'), { recursive: true });

const account = (name: string) =>
  ({
    name,
    host: `imap.${name}.example`,
    user: 'me',
    localPath: mailDir,
    folderPrefix: `${name}-`,
    inboxPath: path.join(mailDir, `${name}-INBOX`),
  }) as AccountConfig;
const [gmail, work] = [account('gmail'), account('work')];

test("a folder of the shared directory is the backup of the account whose prefix it has, not of the other's", async () => {
  const origin = async (dir: string) => (await sourceAccountOf(path.join(mailDir, dir), gmail, [gmail, work]))?.name;
  assert.equal(await origin('work-Sent'), undefined);
  assert.equal(await origin('gmail-Sent'), 'gmail');
  assert.equal(await origin('gmail-INBOX'), 'gmail');
  assert.equal(await origin('.'), 'gmail', 'the shared directory holds the backup too');
});

test("a Maildir++ child of an INBOX outside the account's tree (..Work) is the account's backup", async () => {
  // mbsync's default `Inbox ~/Maildir` with `Path ~/Maildir/gmail/`: INBOX's children are ~/Maildir/..Work.
  const maildir = path.join(tmp.path, 'Maildir');
  for (const dir of ['cur', path.join('..Work', 'cur'), path.join('gmail', 'Sent', 'cur')])
    mkdirSync(path.join(maildir, dir), { recursive: true });
  const own = { ...gmail, localPath: path.join(maildir, 'gmail'), inboxPath: maildir, folderPrefix: undefined };
  const origin = async (dir: string) => (await sourceAccountOf(path.join(maildir, dir), own, [own]))?.name;
  assert.equal(await origin('..Work'), 'gmail');
  assert.equal(await origin('gmail/Sent'), 'gmail');
  assert.equal(await origin('.'), 'gmail');
});
