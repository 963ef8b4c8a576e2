// Gmail, mirror deletions: a message moved between labels (or out of the Trash) is a removal in
// one folder and an arrival in another, seen folder by folder in either order, in one pass or
// across two. Its stored file is linked into the new folder, never downloaded again (bytes
// counted at the relay), while a message deleted everywhere leaves nothing behind.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { createEngine } from '../../src/engine/engine.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { filesUnder, localMessages, sha256 } from '../support/backup-check.js';
import type { Corpus, CorpusMessage } from '../support/corpus.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { addLabel, gmailMessage as message, moveLabel, removeLabel, useGmailRelay } from '../support/gmail-mail.js';
import { appendMessage } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true });
const moving = message('moving', 'moved from Work to Family and back');
const movingLater = message('moving-later', 'moved from Work to Family between two passes');
const stays = [message('work-2', 'stays in Work'), message('work-33', 'stays in Work too')];
const family = message('family', 'in Family');
const trashed = message('trashed', 'in the Trash, then back in INBOX');
const staysTrashed = message('stays-trashed', 'in the Trash for good');
const deleted = message('deleted', 'in Work, then deleted for good');
const GMAIL: Corpus = {
  folders: [
    { name: 'INBOX', messages: [] },
    { name: 'Work', messages: [moving, movingLater, ...stays, deleted] },
    { name: 'Family', messages: [family] },
    { name: '[Gmail]/All Mail', messages: [moving, movingLater, ...stays, family, deleted] },
    { name: '[Gmail]/Trash', messages: [trashed, staysTrashed] },
  ],
};
const NO_ALL_MAIL = ['*', '![Gmail]/All Mail'];

const gmail = useGmailRelay(corpus, GMAIL);

async function account(overrides: Partial<AccountConfig> = {}): Promise<AccountConfig> {
  const root = await corpus.newRoot();
  return corpus.plainAccount(root, gmail().port, { timeoutSeconds: 10, deletions: 'mirror', ...overrides });
}

/** The inodes of `m`'s files in each of `folders` (none where it is not). */
async function inodesOf(acct: AccountConfig, m: CorpusMessage, folders: string[]): Promise<number[][]> {
  return Promise.all(
    folders.map(async (folder) => {
      const files = (await localMessages(acct, folder)).filter((f) => f.sha256 === sha256(m.raw));
      return Promise.all(files.map(async (f) => (await stat(f.path)).ino));
    }),
  );
}

/** Every file left in a tmp/ of the account's folders (set aside, or unfinished). */
const tmpFiles = async (acct: AccountConfig) => (await filesUnder(acct.localPath)).filter((f) => f.includes('/tmp/'));

/** The mailboxes in the order the pass began them. */
const begun = (events: EngineEvent[]) => [
  ...new Set(events.flatMap((e) => (e.type === 'mailbox-phase' ? [e.mailbox] : []))),
];

/** A pass over INBOX alone, as an IDLE wake-up runs. */
async function inboxPass(acct: AccountConfig): Promise<void> {
  const engine = createEngine({ accounts: [acct], maxAttempts: 1 });
  const idle = engine.whenIdle();
  engine.resync([{ account: acct.name, mailbox: 'INBOX' }]);
  assert.equal((await idle).exitCode, 0);
}

async function pass(acct: AccountConfig): Promise<EngineEvent[]> {
  gmail().resetCounters();
  const { summary, events } = await runPass(acct);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  return events;
}

test('moved between two labels within a pass, either folder synced first: linked, never downloaded', async () => {
  const acct = await account({ patterns: NO_ALL_MAIL });
  await pass(acct);
  const [ino] = (await inodesOf(acct, moving, ['Work']))[0]!;
  // A new message in Work makes it the costlier mailbox, synced first: the removal comes first.
  await moveLabel(corpus.server, moving, 'Work', 'Family');
  const newcomer = message('newcomer', 'new in Work');
  await appendMessage(corpus.server, 'Work', newcomer.raw);
  const removedFirst = await pass(acct);
  assert.ok(begun(removedFirst).indexOf('Work') < begun(removedFirst).indexOf('Family'), 'Work went first');
  assert.equal(gmail().bodyBytes, newcomer.raw.length, 'only the new message was downloaded');
  assert.deepEqual(await inodesOf(acct, moving, ['Work', 'Family']), [[], [ino]]);

  // Back to Work, the costlier one again: this time the arrival comes first.
  await moveLabel(corpus.server, moving, 'Family', 'Work');
  const arrivedFirst = await pass(acct);
  assert.ok(begun(arrivedFirst).indexOf('Work') < begun(arrivedFirst).indexOf('Family'), 'Work went first');
  assert.equal(gmail().bodyBytes, 0);
  assert.deepEqual(await inodesOf(acct, moving, ['Work', 'Family']), [[ino], []]);
  assert.deepEqual(await tmpFiles(acct), [], 'nothing left set aside');
});

test('moved between two labels across two passes (an INBOX-only one between), the source synced in the first: linked in the second', async () => {
  const acct = await account({ patterns: NO_ALL_MAIL });
  await pass(acct);
  const [ino] = (await inodesOf(acct, movingLater, ['Work']))[0]!;
  await moveLabel(corpus.server, movingLater, 'Work', 'Family');
  // The first pass reaches Work only (it saw Family before the move).
  await pass({ ...acct, patterns: ['Work'] });
  assert.deepEqual(await inodesOf(acct, movingLater, ['Work', 'Family']), [[], []], 'not in any folder shown');
  await inboxPass(acct);
  await pass(acct);
  assert.equal(gmail().bodyBytes, 0);
  assert.deepEqual(await inodesOf(acct, movingLater, ['Work', 'Family']), [[], [ino]]);
  assert.deepEqual(await tmpFiles(acct), []);
});

test('out of the Trash back into INBOX and All Mail across two passes: linked in the second', async () => {
  const acct = await account();
  await pass(acct);
  const [ino] = (await inodesOf(acct, trashed, ['[Gmail]/Trash']))[0]!;
  await addLabel(corpus.server, '[Gmail]/Trash', trashed, '[Gmail]/All Mail');
  await moveLabel(corpus.server, trashed, '[Gmail]/Trash', 'INBOX');
  await pass({ ...acct, patterns: ['[Gmail]/Trash'] });
  await pass(acct);
  assert.equal(gmail().bodyBytes, 0);
  const folders = ['INBOX', '[Gmail]/All Mail', '[Gmail]/Trash'];
  assert.deepEqual(await inodesOf(acct, trashed, folders), [[ino], [ino], []]);
  assert.deepEqual(await tmpFiles(acct), []);
});

test('deleted everywhere: gone by the end of the pass that sees it gone from All Mail, or of the next without it', async () => {
  const withAllMail = await account();
  const withoutAllMail = await account({ patterns: NO_ALL_MAIL });
  await pass(withAllMail);
  await pass(withoutAllMail);
  await removeLabel(corpus.server, 'Work', deleted);
  await removeLabel(corpus.server, '[Gmail]/All Mail', deleted);
  await pass(withAllMail);
  assert.deepEqual(await inodesOf(withAllMail, deleted, ['Work', '[Gmail]/All Mail']), [[], []]);
  assert.deepEqual(await tmpFiles(withAllMail), [], 'nothing set aside is left');
  await pass(withoutAllMail);
  assert.deepEqual(await inodesOf(withoutAllMail, deleted, ['Work']), [[]]);
  const setAside = await tmpFiles(withoutAllMail);
  assert.equal(setAside.length, 1, 'kept out of sight for one more pass');
  assert.match(setAside[0]!, /^Work\/tmp\/set-aside\./);
  await pass(withoutAllMail);
  assert.deepEqual(await tmpFiles(withoutAllMail), []);
});
