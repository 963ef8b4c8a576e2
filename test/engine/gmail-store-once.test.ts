// Gmail through its personality in front of the real Dovecot: a message shown under several labels
// is downloaded once (bytes counted at the relay) and stored once (one inode, a hard link per
// folder); a removed label removes only that folder's link; a folder on another filesystem gets
// a copy; two messages under one id are both kept; the mbsyncrc of the usual setup (`Patterns *`).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { mailboxLocalPath } from '../../src/maildir/mailbox-path.js';
import { localMessages, sha256, type LocalMessage } from '../support/backup-check.js';
import type { Corpus, CorpusMessage } from '../support/corpus.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { addLabel, gmailMessage as message, useGmailRelay } from '../support/gmail-mail.js';
import { startGmailPersonality } from '../support/gmail-personality.js';
import { expunge, serverFolderDir, serverMessages } from '../support/server-mail.js';
import { runSyncCommand, writePlainRc } from '../support/sync-command.js';
import { canMount, mountTmpfs } from '../support/tmpfs.js';

const corpus = useCorpusServer({ empty: true });
const threeLabels = message('three-labels', 'in INBOX, Work and Family');
const workOnly = message('work-only', 'in Work alone, besides All Mail');
const inboxOnly = message('inbox-only', 'in INBOX alone, besides All Mail; a longer body than the one in Work');
const trashed = message('trashed', 'in the Trash only');
/** Without a Message-ID, a re-match by content would have to download it. */
const noMessageId: CorpusMessage = {
  ...message('x', ''),
  raw: Buffer.from('From: b@example.org\r\nSubject: no id\r\n\r\nno Message-ID\r\n'),
};
const GMAIL: Corpus = {
  folders: [
    { name: 'INBOX', messages: [threeLabels, inboxOnly] },
    { name: 'Work', messages: [threeLabels, workOnly, noMessageId] },
    { name: 'Family', messages: [threeLabels] },
    { name: '[Gmail]/All Mail', messages: [threeLabels, workOnly, inboxOnly, noMessageId] },
    { name: '[Gmail]/Trash', messages: [trashed] },
  ],
};
const UNIQUE = [threeLabels, workOnly, inboxOnly, trashed, noMessageId];
const UNIQUE_BYTES = UNIQUE.reduce((n, m) => n + m.raw.length, 0);
const PLACES = GMAIL.folders.reduce((n, f) => n + f.messages.length, 0);

const gmail = useGmailRelay(corpus, GMAIL);

async function account(overrides: Partial<AccountConfig> = {}): Promise<AccountConfig> {
  return corpus.plainAccount(await corpus.newRoot(), gmail().port, { timeoutSeconds: 10, ...overrides });
}

/** The local file of `m` in `folder` (by its bytes). */
async function fileOf(
  acct: AccountConfig,
  folder: string,
  m: CorpusMessage,
): Promise<LocalMessage & { ino: number; nlink: number }> {
  const want = sha256(m.raw);
  const found = (await localMessages(acct, folder)).filter((f) => f.sha256 === want);
  assert.equal(found.length, 1, `${folder}: one file of ${m.raw.toString().split('\r\n')[1]}`);
  const info = await stat(found[0]!.path);
  return { ...found[0]!, ino: info.ino, nlink: info.nlink };
}

const done = (events: EngineEvent[]) =>
  events.filter((e): e is Extract<EngineEvent, { type: 'mailbox-done' }> => e.type === 'mailbox-done');

test('a message in three labels is downloaded once, stored once: one inode in each folder', async () => {
  // A budget of exactly the distinct messages' bytes: it runs out only if linked messages counted.
  const acct = await account({ dailyBudgetBytes: UNIQUE_BYTES });
  gmail().resetCounters();
  const { summary, events } = await runPass(acct);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(gmail().bodyBytes, UNIQUE_BYTES, 'each message crossed the relay once');
  assert.equal(gmail().bodies, UNIQUE.length);
  assert.equal(summary.added, PLACES);
  assert.equal(summary.linked, PLACES - UNIQUE.length);
  assert.equal(summary.bytes, UNIQUE_BYTES, 'bytes count downloads only');
  assert.equal(
    done(events).reduce((n, e) => n + e.linked, 0),
    PLACES - UNIQUE.length,
  );
  assert.equal(events.filter((e) => e.type === 'paused').length, 0, 'the budget counts downloaded bytes only');
  // All Mail goes last: every message of it is in a label already, so it downloads nothing.
  const allMail = done(events).find((e) => e.mailbox === '[Gmail]/All Mail')!;
  assert.deepEqual([allMail.added, allMail.linked, allMail.bytes], [4, 4, 0]);
  const copies = await Promise.all(
    ['INBOX', 'Work', 'Family', '[Gmail]/All Mail'].map((f) => fileOf(acct, f, threeLabels)),
  );
  assert.deepEqual(new Set(copies.map((c) => c.ino)).size, 1, 'one inode');
  assert.equal(copies[0]!.nlink, 4);
  // Each folder's file is named for that folder's UID and flags.
  for (const [i, folder] of ['INBOX', 'Work', 'Family', '[Gmail]/All Mail'].entries()) {
    const uid = (await serverMessages(corpus.server, folder)).find((m) => m.size === threeLabels.raw.length)!.uid;
    assert.equal(copies[i]!.uid, uid, folder);
    assert.equal(copies[i]!.flags, 'S', folder);
  }
  gmail().resetCounters();
  const again = await runPass(acct);
  assert.equal(again.summary.added, 0);
  assert.equal(gmail().bodyBytes, 0, 'a rerun downloads nothing');
});

test('a label added on a later pass links the stored message: nothing downloaded, one inode', async () => {
  const acct = await account();
  await runPass(acct);
  await addLabel(corpus.server, 'INBOX', inboxOnly, 'Family');
  gmail().resetCounters();
  try {
    const { summary } = await runPass(acct);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.deepEqual([summary.added, summary.linked, gmail().bodyBytes], [1, 1, 0]);
    const [family, inbox] = await Promise.all([fileOf(acct, 'Family', inboxOnly), fileOf(acct, 'INBOX', inboxOnly)]);
    assert.equal(family.ino, inbox.ino);
  } finally {
    await expunge(corpus.server, 'Family', (await serverMessages(corpus.server, 'Family')).at(-1)!.uid);
  }
});

test('a UIDVALIDITY reset (Gmail does them) costs no download', async () => {
  const acct = await account();
  await runPass(acct);
  await corpus.server.doveadm(['mailbox', 'update', '-u', corpus.server.user.user, '--uid-validity', '777', 'Work']);
  gmail().resetCounters();
  const { summary, events } = await runPass(acct);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(gmail().bodyBytes, 0, 'not even the message without a Message-ID');
  assert.ok(
    events.some((e) => e.type === 'notice' && /UIDVALIDITY of Work changed .*re-matched 3, fetching 0/.test(e.message)),
  );
  assert.equal((await localMessages(acct, 'Work')).length, 3);
});

test(
  'a folder on another filesystem (tmpfs) gets a copy where a hard link is refused; still one download each',
  { skip: !canMount && 'needs root to mount a tmpfs' },
  async () => {
    const acct = await account();
    mountTmpfs(mailboxLocalPath(acct, 'Family', '/'));
    gmail().resetCounters();
    const { summary, events } = await runPass(acct);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.equal(gmail().bodyBytes, UNIQUE_BYTES);
    const [family, all] = await Promise.all([
      fileOf(acct, 'Family', threeLabels),
      fileOf(acct, '[Gmail]/All Mail', threeLabels),
    ]);
    assert.notEqual(family.ino, all.ino, 'a copy across filesystems');
    assert.equal(family.sha256, all.sha256);
    assert.ok(events.some((e) => e.type === 'notice' && /copied, not hard-linked/.test(e.message)));
  },
);

test('two different messages under one id: told apart, both downloaded and kept, the collision noticed', async () => {
  const guid = (folder: string, m: CorpusMessage) =>
    readdirSync(join(serverFolderDir(corpus.server, folder), 'cur'))
      .find((name) => name.includes(`,S=${m.raw.length}:`))!
      .replace(/:2,.*$/, '');
  gmail().shareMsgId(guid('INBOX', inboxOnly), guid('Work', workOnly));
  try {
    const acct = await account();
    gmail().resetCounters();
    const { summary, events } = await runPass(acct);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.equal(gmail().bodyBytes, UNIQUE_BYTES);
    assert.equal((await readFile((await fileOf(acct, 'INBOX', inboxOnly)).path)).toString(), inboxOnly.raw.toString());
    assert.equal((await readFile((await fileOf(acct, 'Work', workOnly)).path)).toString(), workOnly.raw.toString());
    assert.ok(events.some((e) => e.type === 'notice' && /two messages share the server id/.test(e.message)));
  } finally {
    gmail().shareMsgId(guid('INBOX', inboxOnly), undefined);
  }
});

test('the usual mbsyncrc (Patterns * on Gmail): one download each, linked ones counted apart', async () => {
  const root = await corpus.newRoot();
  const rc = await writePlainRc(corpus.server, root, { port: gmail().port, patterns: '*' });
  gmail().resetCounters();
  const { code, stdout, stderr } = await runSyncCommand(root, ['-c', rc]);
  assert.equal(code, 0, stderr);
  assert.equal(gmail().bodyBytes, UNIQUE_BYTES);
  // Which label's session stores a shared message first, and which links it, is a race between
  // the sessions; each mailbox's line counts its own links, and they add up to the total's.
  const lines = [...stdout.matchAll(/^test\/(.+) \+(\d+)(?: \((\d+) linked\))? ~/gm)];
  assert.match(stdout, /^test\/Family \+1 /m);
  assert.equal(
    lines.reduce((n, m) => n + Number(m[2]), 0),
    PLACES,
    stdout,
  );
  assert.equal(
    lines.reduce((n, m) => n + Number(m[3] ?? 0), 0),
    PLACES - UNIQUE.length,
    stdout,
  );
  assert.match(stdout, new RegExp(`\\+${PLACES} \\(${PLACES - UNIQUE.length} linked\\)`));
});

test("mirror: a label removed on the server removes only that folder's link", async () => {
  const acct = await account({ deletions: 'mirror' });
  await runPass(acct);
  const uid = (await serverMessages(corpus.server, 'Work')).find((m) => m.size === threeLabels.raw.length)!.uid;
  await expunge(corpus.server, 'Work', uid);
  gmail().resetCounters();
  const { summary } = await runPass(acct);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(summary.deleted, 1);
  assert.equal(gmail().bodyBytes, 0);
  assert.equal((await localMessages(acct, 'Work')).length, 2);
  const inbox = await fileOf(acct, 'INBOX', threeLabels);
  assert.equal(inbox.nlink, 3, 'INBOX, Family and All Mail keep theirs');
});

test('an OBJECTID server (RFC 8474, with QRESYNC): EMAILID does what X-GM-MSGID does', async (t) => {
  const rfc8474 = await startGmailPersonality({
    targetPort: corpus.server.imapPort,
    mailDir: corpus.server.mailDir(),
    objectId: true,
  });
  t.after(() => rfc8474.close());
  const acct = corpus.plainAccount(await corpus.newRoot(), rfc8474.port, { timeoutSeconds: 10 });
  const { summary } = await runPass(acct);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(rfc8474.bodyBytes, UNIQUE_BYTES);
  const copies = await Promise.all(['INBOX', 'Family'].map((f) => fileOf(acct, f, threeLabels)));
  assert.equal(copies[0]!.ino, copies[1]!.ino);
});
