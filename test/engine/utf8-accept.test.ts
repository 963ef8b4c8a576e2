// UTF8=ACCEPT (RFC 6855) through a relay that gives the real Dovecot a server's UTF8=ACCEPT
// (utf8-accept-relay.ts): folders with non-ASCII names, and `Salt&Pepper-Co` (which would misread
// as modified UTF-7), are backed up into the same Maildir as through plain Dovecot; a backup made
// without it goes on with it and downloads nothing again; a restore sends the 8-bit-header message
// in APPEND's UTF8 wrapper; a server that answers ENABLE with BAD is used as without it; imapflow
// lists the same names through the relay.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, beforeEach, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import type { AccountConfig } from '../../src/config/types.js';
import { connectImap } from '../../src/engine/imap/connect.js';
import { runRestore } from '../../src/engine/restore-run.js';
import type { CorpusMessage } from '../support/corpus.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { appendMessage, loadCorpus, withClient } from '../support/server-mail.js';
import { startUtf8AcceptRelay, type Utf8AcceptRelay } from '../support/utf8-accept-relay.js';

const corpus = useCorpusServer({ empty: true });
const FOLDERS = ['Zürich', 'Archive/Überweisungen', 'Salt&Pepper-Co', '日本語/メール'];

const message = (subject: string, header = ''): CorpusMessage => ({
  raw: Buffer.from(`From: a@example.org\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@x>\r\n${header}\r\nbody\r\n`),
  flags: ['\\Seen'],
  internalDate: new Date('2024-03-01T12:00:00Z'),
});
/** An EAI message: raw UTF-8 in its header (RFC 6532), what a server may downgrade. */
const eai = message('eai', 'To: jörg@bücher.example\r\n');

const relays: { accepting?: Utf8AcceptRelay; refusing?: Utf8AcceptRelay } = {};
let seeded: Promise<void> | undefined;
beforeEach(
  () =>
    (seeded ??= (async () => {
      await loadCorpus(corpus.server, {
        folders: [
          { name: 'INBOX', messages: [message('inbox')] },
          ...FOLDERS.map((name, i) => ({ name, messages: [message(`m${i}`), ...(i === 0 ? [eai] : [])] })),
        ],
      });
      const targetPort = corpus.server.imapPort;
      relays.accepting = await startUtf8AcceptRelay({ targetPort });
      relays.refusing = await startUtf8AcceptRelay({ targetPort, refuseEnable: true });
    })()),
);
after(async () => {
  await relays.accepting?.close();
  await relays.refusing?.close();
});

async function account(port: number): Promise<AccountConfig> {
  return corpus.plainAccount(await corpus.newRoot(), port, { timeoutSeconds: 10 });
}

/** Every Maildir folder under the account's root: its path and the SHA-256 of each message, sorted. */
async function localTree(acct: AccountConfig): Promise<Record<string, string[]>> {
  const tree: Record<string, string[]> = {};
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.some((e) => e.name === 'cur')) {
      const files = [...(await readdir(join(dir, 'cur'))).map((f) => join(dir, 'cur', f))];
      files.push(...(await readdir(join(dir, 'new'))).map((f) => join(dir, 'new', f)));
      const hashes = await Promise.all(files.map(async (f) => sha256(await readFile(f))));
      tree[relative(acct.localPath, dir)] = hashes.sort();
    }
    for (const e of entries)
      if (e.isDirectory() && !['cur', 'new', 'tmp'].includes(e.name)) await walk(join(dir, e.name));
  };
  await walk(acct.localPath);
  return tree;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const nonAscii = (commands: readonly string[]) => commands.filter((c) => /[^\x00-\x7f]/.test(c));

test('synced without UTF8=ACCEPT, then with it: the same Maildir, only the new mail downloaded', async () => {
  const relay = relays.accepting!;
  const acct = await account(corpus.server.imapPort);
  const first = await runPass(acct);
  assert.equal(first.summary.exitCode, 0, JSON.stringify(first.summary.errors));
  assert.equal(first.summary.added, 1 + FOLDERS.length + 1);
  const before = await localTree(acct);
  assert.ok(
    'Zürich' in before && 'Salt&Pepper-Co' in before && '日本語/メール' in before,
    Object.keys(before).join(', '),
  );

  // New mail in the non-ASCII folders: the pass opens them (by name) rather than seeing them unchanged.
  const expected = structuredClone(before);
  for (const folder of ['Zürich', 'Salt&Pepper-Co', '日本語/メール']) {
    const raw = message(`new in ${folder}`).raw;
    await appendMessage(corpus.server, folder, raw);
    expected[folder] = [...expected[folder]!, sha256(raw)].sort();
  }
  const again = await runPass({ ...acct, port: relay.port });
  assert.equal(again.summary.exitCode, 0, JSON.stringify(again.summary.errors));
  assert.equal(again.summary.added, 3, 'only the new messages downloaded');
  assert.deepEqual(await localTree(acct), expected, 'no new folder, no other new file');
  assert.ok(relay.commands.some((c) => /^\S+ ENABLE UTF8=ACCEPT$/.test(c)));
  for (const name of ['Zürich', 'Salt&Pepper-Co', '日本語/メール']) {
    assert.ok(
      relay.commands.some((c) => c.includes(` "${name}"`)),
      `${name} went as a UTF-8 quoted string: ${relay.commands.join('\n')}`,
    );
  }

  const fresh = await account(relay.port);
  assert.equal((await runPass(fresh)).summary.exitCode, 0);
  assert.deepEqual(await localTree(fresh), expected, 'a new backup through it is the same Maildir');
});

test('ENABLE UTF8=ACCEPT answered with BAD: synced as without it, names in modified UTF-7', async () => {
  const relay = relays.refusing!;
  const plain = await account(corpus.server.imapPort);
  await runPass(plain);
  const acct = await account(relay.port);
  const { summary } = await runPass(acct);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.deepEqual(await localTree(acct), await localTree(plain));
  assert.ok(
    relay.commands.some((c) => /^\S+ ENABLE UTF8=ACCEPT$/.test(c)),
    'ENABLE was asked',
  );
  assert.deepEqual(nonAscii(relay.commands), [], 'no UTF-8 name was sent');
  assert.ok(relay.commands.some((c) => c.includes('"Z&APw-rich"')));
});

/** A Maildir tree of the non-ASCII folders, the EAI message in the first; restored under `prefix`. */
async function restoreThrough(relay: Utf8AcceptRelay, prefix: string) {
  const root = await corpus.newRoot();
  const files = new Map<string, Buffer>();
  for (const [i, folder] of FOLDERS.entries()) {
    const raw = i === 0 ? eai.raw : message(`r${i}`).raw;
    await Promise.all(['cur', 'new', 'tmp'].map((sub) => mkdir(join(root, 'src', folder, sub), { recursive: true })));
    await writeFile(join(root, 'src', folder, 'cur', `1.a${i}:2,S`), raw);
    files.set(`${prefix}/${folder}`, raw);
  }
  const summary = await runRestore({
    account: corpus.plainAccount(root, relay.port, { timeoutSeconds: 10 }),
    source: join(root, 'src'),
    prefix,
    dryRun: false,
    emit: () => undefined,
  });
  const stored = await withClient(corpus.server, async (client) => {
    const found = new Map<string, Buffer>();
    for (const folder of files.keys()) {
      const lock = await client.getMailboxLock(folder, { readOnly: true });
      try {
        for await (const m of client.fetch('1:*', { source: true })) found.set(folder, m.source!);
      } finally {
        lock.release();
      }
    }
    return found;
  });
  return { summary, files, stored };
}

test('restore with UTF8=ACCEPT: folders by their UTF-8 names, the 8-bit header in the UTF8 wrapper', async () => {
  const relay = relays.accepting!;
  const appendsBefore = relay.utf8Appends;
  const { summary, files, stored } = await restoreThrough(relay, 'Restored');
  assert.equal(summary.exitCode, 0);
  assert.equal(summary.appended, FOLDERS.length);
  assert.deepEqual(stored, files, 'each message in its folder, byte for byte');
  assert.equal(relay.utf8Appends - appendsBefore, 1, 'only the EAI message went in a UTF8 (...) wrapper');
  assert.ok(relay.commands.some((c) => /^\S+ CREATE "Restored\/Zürich"$/.test(c)));
});

test('restore where ENABLE UTF8=ACCEPT is refused: as without it, no wrapper', async () => {
  const relay = relays.refusing!;
  const { summary, files, stored } = await restoreThrough(relay, 'Refused');
  assert.equal(summary.exitCode, 0);
  assert.deepEqual(stored, files, 'each message in its folder, byte for byte');
  assert.deepEqual(nonAscii(relay.commands), [], 'no UTF-8 name was sent');
});

test('imapflow and mailkeep list the same mailbox names through the UTF8=ACCEPT relay', async () => {
  const relay = relays.accepting!;
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: relay.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: corpus.server.user.user, pass: corpus.server.user.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  let theirs: string[];
  try {
    assert.ok(client.enabled.has('UTF8=ACCEPT'), 'imapflow enabled it too');
    theirs = (await client.list()).map((box) => box.path).sort();
  } finally {
    await client.logout();
  }
  const session = await connectImap(await account(relay.port));
  try {
    const ours = (await session.list()).map((box) => box.path).sort();
    assert.deepEqual(ours, theirs);
    for (const name of ['Zürich', 'Salt&Pepper-Co', '日本語/メール']) assert.ok(ours.includes(name), name);
  } finally {
    await session.close();
  }
});
