// `-c FILE` with the very mbsyncrc that mbsync itself uses, against the private Dovecot: loaded
// through loadConfig (as `mailkeep sync -c` does) and synced by the engine, both tools end up
// with the same messages in the same folders.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.js';
import { decodeMailboxName } from '../../src/text/mutf7.js';
import { runAccounts, useCorpusServer } from '../support/corpus-server.js';
import { runMbsync } from '../support/mbsync.js';
import { dovecotAccount, type RcAccount } from '../support/mbsyncrc.js';
import { appendMessage, createFolderWith, testMessage } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true });

/** Message contents per folder, normalised: mbsync stores LF and adds an X-TUID header; mailkeep keeps the bytes. */
async function contents(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const parts = relative(dir, entry.parentPath).split(sep);
    if (!entry.isFile() || !['cur', 'new'].includes(parts.at(-1)!)) continue;
    const text = (await readFile(join(entry.parentPath, entry.name), 'utf8'))
      .replace(/\r\n/g, '\n')
      .replace(/^X-TUID: .*\n/m, '');
    out.push(`${parts.slice(0, -1).join('/')} ${createHash('sha256').update(text).digest('hex').slice(0, 12)}`);
  }
  return out.sort();
}

/** Runs mbsync, then mailkeep in another home, on `account`'s mbsyncrc; returns what each stored. */
async function bothTools(
  account: Pick<RcAccount, 'storePath' | 'patterns' | 'boxes' | 'subFolders' | 'inbox' | 'flatten'>,
  warnings: string[] = [],
): Promise<[string[], string[]]> {
  const root = await corpus.newRoot();
  const rc = join(root, 'mbsyncrc');
  const mbsyncHome = join(root, 'mbsync-home');
  const mailkeepHome = join(root, 'mailkeep-home');
  await mkdir(mailkeepHome);
  await runMbsync(mbsyncHome, rc, [
    dovecotAccount(corpus.server, {
      name: 'test',
      path: '~/Mail/test',
      password: { passCmd: `echo ${corpus.server.user.password}` },
      syncState: '*',
      ...account,
    }),
  ]);

  const env = { XDG_CONFIG_HOME: join(root, 'xdg-config'), XDG_STATE_HOME: join(root, 'xdg-state') };
  const config = await loadConfig({ configPath: rc, home: mailkeepHome, env });
  assert.deepEqual([config.source.kind, config.warnings.map((w) => w.replace(/^.*?: /, ''))], ['mbsyncrc', warnings]);
  const { summary } = await runAccounts(config.accounts);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  return [await contents(join(mbsyncHome, 'Mail', 'test')), await contents(join(mailkeepHome, 'Mail', 'test'))];
}

test('mbsync and mailkeep sync -c read the same mbsyncrc and fetch the same mail', async () => {
  await createFolderWith(corpus.server, 'Archive', 1);
  for (const i of [1, 2]) await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', i));
  const [fromMbsync, fromMailkeep] = await bothTools({});
  assert.equal(fromMbsync.length, 3);
  assert.deepEqual(fromMailkeep, fromMbsync);
});

test("an IMAPStore Path with Patterns INBOX *: INBOX's subfolders are synced beside INBOX, as mbsync does", async () => {
  await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 1));
  for (const folder of ['INBOX/Sub', 'INBOX/Sub/Deep', 'Archive/2024', 'Other'])
    await createFolderWith(corpus.server, folder, 1);
  const [fromMbsync, fromMailkeep] = await bothTools({ storePath: 'Archive/', patterns: 'INBOX *' });
  const folders = new Set(fromMbsync.map((line) => line.split(' ')[0]));
  assert.deepEqual([...folders], ['2024', 'INBOX', 'INBOX/Sub', 'INBOX/Sub/Deep']);
  assert.deepEqual(fromMailkeep, fromMbsync);
});

test('a Far box without its /: Reports.2024 under Far :remote:Reports is stored at reports.2024, as mbsync joins the names', async () => {
  for (const folder of ['Reports.2024', 'Reports.2025']) await createFolderWith(corpus.server, folder, 1);
  const [fromMbsync, fromMailkeep] = await bothTools({ boxes: { far: 'Reports', near: 'reports' }, patterns: '.*' });
  assert.deepEqual(
    fromMbsync.map((line) => line.split(' ')[0]),
    ['reports.2024', 'reports.2025'],
  );
  assert.deepEqual(fromMailkeep, fromMbsync);
});

test('a Far box without its / beside another Near box: the box itself, its subfolders and names continuing it, as mbsync', async () => {
  for (const folder of ['Ledger', 'Ledger/2023', 'Ledger/2023/Q1', 'Ledger.2024'])
    await createFolderWith(corpus.server, folder, 1);
  const [fromMbsync, fromMailkeep] = await bothTools({ boxes: { far: 'Ledger', near: 'books' } });
  assert.deepEqual(
    fromMbsync.map((line) => line.split(' ')[0]),
    ['books', 'books.2024', 'books/2023', 'books/2023/Q1'],
  );
  assert.deepEqual(fromMailkeep, fromMbsync);
});

test('Far :remote:INBOX with an empty Near box: INBOX/… is stored where mbsync stores it; INBOX itself, in Path itself, is left out', async () => {
  await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 7));
  for (const folder of ['INBOX/Kids', 'INBOX/Kids/Deep']) await createFolderWith(corpus.server, folder, 1);
  const leftOut =
    "Channel test: not synced: the Far box 'INBOX' itself, which mbsync stores in the Path directory itself (a Near box, e.g. 'INBOX', gives it a folder); 'INBOX/…' is synced";
  const [fromMbsync, fromMailkeep] = await bothTools({ boxes: { far: 'INBOX', near: '' } }, [leftOut]);
  const folders = new Set(fromMbsync.map((line) => line.split(' ')[0]));
  for (const folder of ['', 'Kids', 'Kids/Deep']) assert.ok(folders.has(folder), `mbsync stored '${folder}'`);
  assert.deepEqual(
    fromMailkeep,
    fromMbsync.filter((line) => !line.startsWith(' ')),
  );
});

let nearPrefixFolders: Promise<void> | undefined;
/** INBOX, a top folder, a nested one and a non-ASCII one, created once for the near prefix cases. */
function seedNearPrefixFolders(): Promise<void> {
  nearPrefixFolders ??= (async () => {
    await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 9));
    for (const folder of ['Sent', 'Sent/2024', 'Über']) await createFolderWith(corpus.server, folder, 1);
  })();
  return nearPrefixFolders;
}

const nearPrefixCases: [string, Pick<RcAccount, 'boxes' | 'subFolders' | 'inbox' | 'flatten'>, string[]][] = [
  [
    'Verbatim INBOX/old-',
    { boxes: { far: '', near: 'INBOX/old-' }, inbox: '~/Mail/test/Inbox' },
    ['Inbox/old-&ANw-ber', 'Inbox/old-INBOX', 'Inbox/old-Sent', 'Inbox/old-Sent/2024'],
  ],
  [
    'Verbatim INBOX/',
    { boxes: { far: '', near: 'INBOX/' }, inbox: '~/Mail/test/Inbox' },
    ['Inbox/&ANw-ber', 'Inbox/INBOX', 'Inbox/Sent', 'Inbox/Sent/2024'],
  ],
  [
    'Legacy old/',
    { boxes: { far: '', near: 'old/' }, subFolders: 'Legacy' },
    ['old/.&ANw-ber', 'old/.INBOX', 'old/.Sent', 'old/.Sent/.2024'],
  ],
  [
    'Maildir++ work/',
    { boxes: { far: '', near: 'work/' }, subFolders: 'Maildir++', inbox: '~/Mail/test' },
    ['.work.&ANw-ber', '.work.INBOX', '.work.Sent', '.work.Sent.2024'],
  ],
  [
    'Maildir++ INBOX/',
    { boxes: { far: '', near: 'INBOX/' }, subFolders: 'Maildir++', inbox: '~/Mail/test' },
    ['..&ANw-ber', '..INBOX', '..Sent', '..Sent.2024'],
  ],
  [
    'Flatten . old/',
    { boxes: { far: '', near: 'old/' }, flatten: '.' },
    ['old.&ANw-ber', 'old.INBOX', 'old.Sent', 'old.Sent.2024'],
  ],
];

for (const [label, account, folders] of nearPrefixCases) {
  test(`a near prefix with '/', ${label}: each folder is stored where mbsync stores it`, async () => {
    await seedNearPrefixFolders();
    const [fromMbsync, fromMailkeep] = await bothTools({ ...account, patterns: 'INBOX Sent* *ber' });
    assert.deepEqual([...new Set(fromMbsync.map((line) => line.split(' ')[0]))], folders);
    // mbsync 1.4 keeps the modified UTF-7 name on disk, mailkeep UTF-8 as mbsync 1.5 (on purpose).
    assert.deepEqual(fromMailkeep, fromMbsync.map(decodeMailboxName).sort());
  });
}
