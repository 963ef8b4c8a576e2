// mbsync 1.5 with MaxSize leaves a placeholder in the Maildir for a message over the limit. A tree
// mbsync 1.4.4 (installed) wrote for the first message, then two placeholders added exactly as
// isync 1.5 writes them (sync_msg_cvt.c, drv_maildir.c, sync_state.c) for two bigger ones. When
// mailkeep downloads the real message (flagged, so MaxSize lets it through, as in mbsync 1.4),
// the placeholder goes, only once the real file is stored; a crash in between leaves both, and
// the next pass removes the placeholder without downloading the message again. Without mbsync's
// state, the placeholders are known by their text, Message-ID and stated size, and go the same way.
import assert from 'node:assert/strict';
import { cp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.js';
import { isMbsyncPlaceholder } from '../../src/maildir/mbsync-placeholder.js';
import { serverForm } from '../../src/maildir/server-form.js';
import { runAccounts, useCorpusServer } from '../support/corpus-server.js';
import { runMbsync } from '../support/mbsync.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { addFlags, appendMessage, serverMessages, withClient } from '../support/server-mail.js';
import { createHash } from 'node:crypto';

const corpus = useCorpusServer({ empty: true });

const message = (subject: string, bytes: number) =>
  Buffer.from(
    `From: a@example.org\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@x>\r\n\r\n${'x'.repeat(bytes)}\r\n`,
  );

/**
 * What mbsync 1.5 stores for a message over MaxSize: its header with LF line ends, an X-TUID
 * line at its end and `[placeholder] ` before the subject, then the fixed text; \Flagged dropped.
 */
function placeholderOf(raw: Buffer, size: number, flagged: boolean): string {
  const header = raw.toString('latin1').split('\r\n\r\n')[0]!.replace(/\r\n/g, '\n');
  const tagged = header.replace(/^Subject: /m, 'Subject: [placeholder] ');
  const body =
    `Having a size of ${size >> 10}KiB, this message is over the MaxSize limit.\n` +
    'Flag it and sync again (Sync mode Upgrade) to fetch its real contents.\n' +
    (flagged ? '\nThe original message is flagged as important.\n' : '');
  return `${tagged}\nX-TUID: AbCdEfGhIjKl\n\n${body}`;
}

/** The two placeholders as mbsync 1.5's next run writes them: files in new/, .uidvalidity and state entries. */
async function addPlaceholders(inbox: string, server: { uid: number; raw: Buffer; flagged: boolean }[]) {
  const [uidValidity, lastUid] = (await readFile(join(inbox, '.uidvalidity'), 'latin1')).split('\n').map(Number);
  let nearUid = lastUid!;
  const entries: string[] = [];
  for (const [i, { uid, raw, flagged }] of server.entries()) {
    nearUid++;
    const file = join(inbox, 'new', `1700000000.4242_${i + 1}.${hostname()},U=${nearUid}:2,`);
    await writeFile(file, placeholderOf(raw, raw.length, flagged), { mode: 0o600 });
    await utimes(file, new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
    entries.push(`${uid} ${nearUid} >\n`);
  }
  await writeFile(join(inbox, '.uidvalidity'), `${uidValidity}\n${nearUid}\n`);
  const state = await readFile(join(inbox, '.mbsyncstate'), 'latin1');
  const lastFar = server.at(-1)!.uid;
  await writeFile(
    join(inbox, '.mbsyncstate'),
    state.replace(/^MaxPulledUid \d+$/m, `MaxPulledUid ${lastFar}`) + entries.join(''),
  );
}

/** INBOX's files: placeholders by name, and each real one in the form the server sends it (digest). */
async function inboxFiles(inbox: string): Promise<{ placeholders: string[]; real: string[] }> {
  const result = { placeholders: [] as string[], real: [] as string[] };
  for (const sub of ['cur', 'new']) {
    for (const name of await readdir(join(inbox, sub))) {
      const bytes = await readFile(join(inbox, sub, name));
      if (isMbsyncPlaceholder(bytes))
        result.placeholders.push(/Subject: \[placeholder\] (\S+)/.exec(bytes.toString())![1]!);
      else result.real.push(createHash('sha256').update(serverForm(bytes)).digest('hex'));
    }
  }
  return { placeholders: result.placeholders.sort(), real: result.real.sort() };
}

/**
 * `mailbox` on the server with a small message, then a big and a flagged one; mbsync 1.4.4's tree
 * of the small one with 1.5's placeholders for the other two; a MaxSize 1k mbsyncrc; `sync` runs
 * mailkeep on it and collects the notices.
 */
async function placeholderTree(mailbox: string) {
  const server = corpus.server;
  if (mailbox !== 'INBOX') await withClient(server, (client) => client.mailboxCreate(mailbox));
  await appendMessage(server, mailbox, message('small', 100));
  const home = await corpus.newRoot();
  const rc = join(home, 'mbsyncrc');
  const account = dovecotAccount(server, { name: 'test', path: '~/Mail/test', syncState: '*', patterns: mailbox });
  await runMbsync(home, rc, [account]);
  const big = message('big', 5000);
  const flagged = message('flagged', 5000);
  await appendMessage(server, mailbox, big);
  await appendMessage(server, mailbox, flagged, { flags: ['\\Flagged'] });
  const folder = join(home, 'Mail', 'test', mailbox);
  await addPlaceholders(folder, [
    { uid: 2, raw: big, flagged: false },
    { uid: 3, raw: flagged, flagged: true },
  ]);
  const onServer = (await serverMessages(server, mailbox)).map((m) => m.sha256).sort();
  await writeFile(rc, mbsyncrc([{ ...account, maxSize: '1k' }]));
  const xdg = join(home, 'xdg');
  const env = { XDG_CONFIG_HOME: join(xdg, 'config'), XDG_STATE_HOME: join(xdg, 'state') };
  const notices: string[] = [];
  const sync = async () => {
    const { summary, events } = await runAccounts((await loadConfig({ configPath: rc, home, env })).accounts);
    assert.equal(summary.exitCode === 2, false, JSON.stringify(summary.errors));
    for (const e of events) if (e.type === 'notice') notices.push(`${e.mailbox ?? ''}: ${e.message}`);
    return summary;
  };
  return { home, folder, onServer, notices, sync };
}

test("mbsync 1.5's placeholder is replaced by the real message once mailkeep stores it; after a crash in between, by the next pass", async () => {
  const { home, folder: inbox, onServer, sync } = await placeholderTree('INBOX');

  // MaxSize 1k: the flagged one comes whole (as mbsync 1.4 would copy it) and replaces its placeholder.
  const first = await sync();
  assert.equal(first.added, 1);
  assert.deepEqual((await inboxFiles(inbox)).placeholders, ['big']);

  // A crash after the real file is stored and before the placeholder goes: the state and the
  // placeholder as they were then.
  const placeholderFile = (await readdir(join(inbox, 'new'))).find((name) => name.includes(',U=2:'))!;
  const saved = await readFile(join(inbox, 'new', placeholderFile));
  await cp(join(home, 'xdg', 'state'), join(home, 'state-before'), { recursive: true });
  // As the placeholder's text asks: flag it (here on the server) and sync again.
  await addFlags(corpus.server, 'INBOX', 2, ['\\Flagged']);
  const second = await sync();
  assert.equal(second.added, 1);
  assert.deepEqual(await inboxFiles(inbox), { placeholders: [], real: onServer });
  await writeFile(join(inbox, 'new', placeholderFile), saved);
  await rm(join(home, 'xdg', 'state'), { recursive: true });
  await cp(join(home, 'state-before'), join(home, 'xdg', 'state'), { recursive: true });

  const afterCrash = await sync();
  assert.equal(afterCrash.added, 0, 'the message is not downloaded again');
  assert.deepEqual(await inboxFiles(inbox), { placeholders: [], real: onServer });
  const again = await sync();
  assert.deepEqual([again.added, again.deleted], [0, 0]);
  assert.deepEqual(await inboxFiles(inbox), { placeholders: [], real: onServer });
});

test("mbsync 1.5's placeholders without its state are known by their text: not taken for the message, replaced once it is stored", async () => {
  const { folder, onServer, notices, sync } = await placeholderTree('Lost');
  // mbsync's state is lost (deleted, or its SyncState was elsewhere): only the files tell.
  await rm(join(folder, '.mbsyncstate'));

  // The flagged one comes whole and its placeholder goes; big's (over MaxSize) stays, as its stand-in.
  const first = await sync();
  assert.equal(first.added, 1);
  const adopted = notices.find((n) => n.startsWith('Lost: 1 messages adopted'));
  assert.match(adopted ?? '', /, 2 mbsync placeholder\(s\) known by their text$/, notices.join('\n'));
  const afterFirst = await inboxFiles(folder);
  assert.deepEqual(afterFirst.placeholders, ['big']);
  assert.equal(afterFirst.real.length, 2);
  // Flagged on the server, as the placeholder's text asks: the real message replaces it.
  await addFlags(corpus.server, 'Lost', 2, ['\\Flagged']);
  const second = await sync();
  assert.equal(second.added, 1);
  assert.deepEqual(await inboxFiles(folder), { placeholders: [], real: onServer });
  const again = await sync();
  assert.deepEqual([again.added, again.deleted], [0, 0]);
  assert.deepEqual(await inboxFiles(folder), { placeholders: [], real: onServer });
});
