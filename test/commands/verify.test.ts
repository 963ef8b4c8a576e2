// `mailkeep verify` against the private Dovecot: a complete backup says so (exit 0); a deleted, a
// truncated and a changed file are each named (exit 1); --deep catches a same-size change and
// resumes an unfinished run, and rides out a lost connection; a server whose RFC822.SIZE lies is
// checked once, then trusted; an unreachable server exits 2. The server is never changed
// (read-only EXAMINE, BODY.PEEK).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, open, readdir, readFile, truncate, unlink, writeFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { connectImap } from '../../src/engine/imap/connect.js';
import { ImapConnectionError } from '../../src/engine/imap/imap-errors.js';
import { mailboxStatePath } from '../../src/engine/mailbox-state.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { loadVerification } from '../../src/engine/verify/verify-record.js';
import { localMessages } from '../support/backup-check.js';
import { localSide, useCorpusServer } from '../support/corpus-server.js';
import { appendMessage, createFolder, createFolderWith, deleteFolder, serverMessages } from '../support/server-mail.js';
import { commandStateDir, runSyncCommand, runVerifyCommand, writePlainRc } from '../support/sync-command.js';

const corpus = useCorpusServer();
let root: string;
let rc: string;
let bigUid: number;
/** The local half of the command's account, for reading its files. */
const account = () => localSide(root) as AccountConfig;

const verify = (...args: string[]) => runVerifyCommand(root, ['-c', rc, ...args]);

describe('mailkeep verify', () => {
  before(async () => {
    // Big enough to be fetched in chunks (FETCH_LIMITS.streamAbove), by the sync and by --deep.
    const line = 'x'.repeat(76) + '\r\n';
    const big = `From: big@example.org\r\nSubject: big\r\n\r\n${line.repeat(Math.ceil((5 * 1024 * 1024) / line.length))}`;
    bigUid = await appendMessage(corpus.server, 'Archive/2024', Buffer.from(big));
    root = await corpus.newRoot();
    rc = await writePlainRc(corpus.server, root);
    const synced = await runSyncCommand(root, ['-c', rc]);
    assert.equal(synced.code, 0, synced.stderr);
  });

  test('a complete backup: every mailbox complete, exit 0, the record for the app written', async () => {
    const { code, stdout, stderr } = await verify();
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout, /^test\/INBOX: (\d+) on the server, \1 stored: complete$/m);
    assert.match(stdout, /^verified \d+ mailboxes: \d+ messages on the server, complete$/m);
    const record = loadVerification(commandStateDir(root), 'INBOX');
    assert.equal(record?.missing, 0);
    assert.equal(record?.server, (await serverMessages(corpus.server, 'INBOX')).length);
  });

  test('a server that announces another size than it sends: checked once by its bytes, then trusted', async () => {
    const [first] = await serverMessages(corpus.server, 'INBOX');
    const lying: RemoteConnector = async (config) => {
      const session = await connectImap(config);
      return {
        ...session,
        fetchUidsAndFlags: async (range, since) =>
          (await session.fetchUidsAndFlags(range, since)).map((m) =>
            m.uid === first!.uid ? { ...m, size: m.size + 7 } : m,
          ),
      };
    };
    const once = await runVerifyCommand(root, ['-c', rc, 'test:INBOX'], { connect: lying });
    assert.equal(once.code, 0, once.stdout + once.stderr);
    assert.match(
      once.stdout,
      new RegExp(`UID ${first!.uid}: the server announces \\d+ bytes and sends \\d+, as stored`),
    );
    const again = await runVerifyCommand(root, ['-c', rc, 'test:INBOX', '--json'], { connect: lying });
    assert.equal(again.code, 0);
    assert.doesNotMatch(again.stdout, /verify-progress|announces/, 'trusted: nothing fetched again');
  });

  test('deleted, truncated and changed files are each named; exit 1', async () => {
    const stored = await localMessages(account(), 'INBOX');
    const [gone, cut, grown] = [stored[0]!, stored[1]!, stored[2]!];
    const restore = await keepCopies([gone.path, cut.path, grown.path]);
    await unlink(gone.path);
    await truncate(cut.path, 100);
    await appendFile(grown.path, 'tampered\r\n');
    try {
      const { code, stdout } = await verify('test:INBOX');
      assert.equal(code, 1, stdout);
      assert.match(stdout, new RegExp(`^test/INBOX: UID ${gone.uid} missing locally$`, 'm'));
      for (const file of [cut, grown]) {
        assert.ok(stdout.includes(`test/INBOX: UID ${file.uid} damaged: ${file.path} is not the size`), stdout);
      }
      assert.match(stdout, /1 missing, 2 differing/);
      assert.equal(loadVerification(commandStateDir(root), 'INBOX')?.missing, 1);
    } finally {
      await restore();
    }
  });

  test('--deep catches a same-size change that the sizes cannot', async () => {
    const [victim] = await localMessages(account(), 'Sent Items');
    const restore = await keepCopies([victim!.path]);
    await flipLastByte(victim!.path);
    try {
      assert.equal((await verify('test:Sent Items')).code, 0, 'sizes alone see nothing');
      const { code, stdout } = await verify('test:Sent Items', '--deep');
      assert.equal(code, 1, stdout);
      assert.ok(stdout.includes(`UID ${victim!.uid} differs: ${victim!.path} is not the server's message`), stdout);
    } finally {
      await restore();
    }
  });

  test('--deep streams a big message and catches a change in its last chunk', async () => {
    const big = (await localMessages(account(), 'Archive/2024')).find((m) => m.uid === bigUid)!;
    const restore = await keepCopies([big.path]);
    await flipLastByte(big.path);
    try {
      const { code, stdout } = await verify('test:Archive/2024', '--deep');
      assert.equal(code, 1, stdout);
      assert.ok(stdout.includes(`UID ${bigUid} differs: ${big.path}`), stdout);
    } finally {
      await restore();
    }
  });

  test('--deep resumes: the UIDs an unfinished run matched are not fetched again', async () => {
    const stateDir = commandStateDir(root);
    const uids = (await serverMessages(corpus.server, 'INBOX')).map((m) => m.uid);
    const { uidValidity } = loadVerification(stateDir, 'INBOX')!;
    const deepFile = mailboxStatePath(stateDir, 'INBOX').replace(/\.json$/, '.deep.json');
    const matched = uids.slice(0, -2);
    await writeFile(deepFile, JSON.stringify({ version: 1, mailbox: 'INBOX', uidValidity, matched }));
    const { code, stdout } = await verify('test:INBOX', '--deep', '--json');
    assert.equal(code, 0, stdout);
    const progress = stdout
      .split('\n')
      .filter((line) => line.includes('"verify-progress"'))
      .map((line) => JSON.parse(line) as { messagesTotal: number; messagesDone: number });
    assert.deepEqual(
      progress.map((p) => [p.messagesDone, p.messagesTotal]),
      [
        [0, 2],
        [1, 2],
        [2, 2],
      ],
    );
    assert.deepEqual(await readdir(stateDir).then((files) => files.filter((f) => f.endsWith('.deep.json'))), []);
  });

  test('mailboxes gone from the server are named, kept and not counted as faults; nothing is removed', async () => {
    await createFolderWith(corpus.server, 'Gone/Full', 3);
    await createFolder(corpus.server, 'Gone/Empty');
    const synced = await runSyncCommand(root, ['-c', rc]);
    assert.equal(synced.code, 0, synced.stderr);
    await deleteFolder(corpus.server, 'Gone/Full');
    await deleteFolder(corpus.server, 'Gone/Empty');
    const { code, stdout } = await verify();
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^test\/Gone\/Full: gone from the server; local copy kept \(3 messages\); not verified$/m);
    assert.match(stdout, /^test\/Gone\/Empty: gone from the server; local copy kept \(0 messages\); not verified$/m);
    assert.match(
      stdout,
      /^verified \d+ mailboxes: \d+ messages on the server, complete; 2 gone from the server, kept$/m,
    );
    assert.equal((await localMessages(account(), 'Gone/Full')).length, 3);
    // The sync would remove the empty one and forget it; verify changes nothing.
    assert.ok(existsSync(mailboxStatePath(commandStateDir(root), 'Gone/Empty')));
    const json = await verify('--json');
    const summary = JSON.parse(json.stdout.trim().split('\n').at(-1)!) as { gone: number; exitCode: number };
    assert.deepEqual([summary.gone, summary.exitCode], [2, 0]);
  });

  test('a connection lost during --deep: paused, the mailbox verified again on a new one; exit 0', async () => {
    let sessions = 0;
    // The first session's line drops at its first body FETCH, as a real one does mid-answer.
    const dropping: RemoteConnector = async (config) => {
      const session = await connectImap(config);
      if (++sessions > 1) return session;
      const dropped = async () => {
        await session.close();
        throw new ImapConnectionError('EConnectionClosed', 'localhost closed the connection');
      };
      return { ...session, fetchBodies: dropped };
    };
    const { code, stdout, stderr } = await runVerifyCommand(root, ['-c', rc, '--deep', 'test:Archive/Zürich'], {
      connect: dropping,
    });
    assert.equal(code, 0, stdout + stderr);
    assert.equal(sessions, 2);
    assert.match(
      stderr,
      /^mailkeep: test\/Archive\/Zürich: paused until \d\d:\d\d: connection to \S+ lost: localhost closed/m,
    );
    assert.match(stdout, /^test\/Archive\/Zürich: (\d+) on the server, \1 stored: complete \(deep\)$/m);
  });

  test('an unreachable server: one line on stderr, exit 2', async () => {
    const badRc = await writePlainRc(corpus.server, root, { port: 1 });
    const { code, stdout, stderr } = await runVerifyCommand(root, ['-c', badRc]);
    assert.equal(code, 2, stdout);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /^mailkeep: test: /);
  });
});

async function flipLastByte(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - 3);
    byte[0] = byte[0] === 0x41 ? 0x42 : 0x41;
    await handle.write(byte, 0, 1, size - 3);
  } finally {
    await handle.close();
  }
}

/** The files' bytes now, and a function that puts them back for the next test. */
async function keepCopies(paths: string[]): Promise<() => Promise<void>> {
  const copies = await Promise.all(paths.map(async (path) => ({ path, bytes: await readFile(path) })));
  return async () => {
    for (const { path, bytes } of copies) await writeFile(path, bytes);
  };
}
