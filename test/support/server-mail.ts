// Puts mail on the private Dovecot and changes it while it runs, the way a real account changes:
// new mail (APPEND), flag changes, expunges, folder create/delete/rename, a new UIDVALIDITY.
import { createHash } from 'node:crypto';
import { chownSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { ImapFlow } from 'imapflow';
import { readFileSync } from 'node:fs';
import type { Corpus, CorpusMessage } from './corpus.js';
import type { DovecotServer } from './dovecot.js';

const MAILDIR_LETTERS: Record<string, string> = {
  '\\Draft': 'D',
  '\\Flagged': 'F',
  '\\Answered': 'R',
  '\\Seen': 'S',
  '\\Deleted': 'T',
};

function toMaildirInfo(flags: string[]): string {
  return flags
    .map((f) => MAILDIR_LETTERS[f] ?? '')
    .sort()
    .join('');
}

/** Where Dovecot (LAYOUT=fs) keeps a folder: each level's name in modified UTF-7. */
export function serverFolderDir(server: DovecotServer, folder: string, user?: string): string {
  const parts =
    folder === 'INBOX' ? ['INBOX'] : folder.split('/').map((p) => iconv.encode(p, 'utf7imap').toString('latin1'));
  return join(server.mailDir(user), ...parts);
}

function mkdirOwned(server: DovecotServer, root: string, dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // chown every level below the user's Maildir root that we may have created.
  let current = dir;
  while (current.startsWith(root) && current !== root) {
    chownSync(current, server.mailOwner.uid, server.mailOwner.gid);
    current = join(current, '..');
  }
}

/**
 * Writes the corpus straight into the server's Maildir (fast), then has Dovecot index it.
 * A message object in several folders gets the same file name in each, so one X-GUID (as Gmail
 * gives a message in several labels one X-GM-MSGID).
 */
export async function loadCorpus(server: DovecotServer, corpus: Corpus, user?: string): Promise<void> {
  const root = server.mailDir(user);
  let seq = 0;
  const names = new Map<CorpusMessage, string>();
  for (const folder of corpus.folders) {
    const dir = serverFolderDir(server, folder.name, user);
    for (const sub of ['cur', 'new', 'tmp']) mkdirOwned(server, root, join(dir, sub));
    for (const message of folder.messages) {
      if (!names.has(message)) {
        seq++;
        names.set(message, `${1_600_000_000 + seq}.M${seq}P1.corpus,S=${message.raw.length}`);
      }
      const file = join(dir, 'cur', `${names.get(message)}:2,${toMaildirInfo(message.flags)}`);
      writeFileSync(file, message.raw, { mode: 0o600 });
      chownSync(file, server.mailOwner.uid, server.mailOwner.gid);
      utimesSync(file, message.internalDate, message.internalDate);
    }
  }
  // Indexed now, as delivery would have done: a session watching with IDLE or NOTIFY (the app's)
  // must not hear of the whole corpus as new mail when a pass first opens its folders.
  await server.doveadm(['mailbox', 'status', '-u', user ?? server.user.user, 'messages', '*']);
}

export async function withClient<T>(
  server: DovecotServer,
  fn: (client: ImapFlow) => Promise<T>,
  user = server.user,
): Promise<T> {
  const client = new ImapFlow({
    host: server.host,
    port: server.imapsPort,
    secure: true,
    auth: { user: user.user, pass: user.password },
    logger: false,
    tls: { ca: [readFileSync(server.caFile)], servername: 'localhost' },
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** APPENDs a message; returns its UID. */
export async function appendMessage(
  server: DovecotServer,
  folder: string,
  raw: Buffer,
  opts: { flags?: string[]; internalDate?: Date } = {},
): Promise<number> {
  return withClient(server, async (client) => {
    const res = await client.append(folder, raw, opts.flags ?? [], opts.internalDate);
    if (!res || !res.uid) throw new Error(`APPEND to ${folder} returned no UID`);
    return res.uid;
  });
}

/** A small plain message, number `i` of `folder`: its Subject and Message-ID name both. */
export function testMessage(folder: string, i: number): Buffer {
  return Buffer.from(
    `From: a@example.org\r\nSubject: ${folder} ${i}\r\nMessage-ID: <${folder}.${i}@x>\r\n\r\nbody ${i}\r\n`,
  );
}

/** Creates `folder` holding test messages 0 … n-1. */
export async function createFolderWith(server: DovecotServer, folder: string, n: number): Promise<void> {
  await createFolder(server, folder);
  for (let i = 0; i < n; i++) await appendMessage(server, folder, testMessage(folder, i));
}

export interface ServerMessage {
  uid: number;
  flags: string[];
  size: number;
  sha256: string;
  internalDate: Date;
}

/** What the server returns for every message of a folder (BODY.PEEK[], so nothing changes). */
export async function serverMessages(server: DovecotServer, folder: string): Promise<ServerMessage[]> {
  return withClient(server, async (client) => {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const out: ServerMessage[] = [];
      const status = client.mailbox;
      if (!status || status.exists === 0) return out;
      for await (const m of client.fetch('1:*', { uid: true, flags: true, source: true, internalDate: true })) {
        out.push({
          uid: m.uid,
          flags: [...(m.flags ?? [])].sort(),
          size: m.source?.length ?? 0,
          sha256: createHash('sha256')
            .update(m.source ?? Buffer.alloc(0))
            .digest('hex'),
          internalDate: new Date(m.internalDate ?? 0),
        });
      }
      return out.sort((a, b) => a.uid - b.uid);
    } finally {
      lock.release();
    }
  });
}

/** The folder's UIDVALIDITY now. */
export async function serverUidValidity(server: DovecotServer, folder: string): Promise<number> {
  return withClient(server, async (client) => {
    const status = await client.status(folder, { uidValidity: true });
    if (!status || status.uidValidity === undefined) throw new Error(`no UIDVALIDITY for ${folder}`);
    return Number(status.uidValidity);
  });
}

/**
 * Makes the server number a folder's messages anew, as a server does when it rebuilds a mailbox:
 * the folder is deleted and created again with another UIDVALIDITY, and its messages (but `drop`)
 * are appended in reverse order with `arrivals` among them, so every UID now names another message.
 */
export async function renumberFolder(
  server: DovecotServer,
  folder: string,
  change: { drop: number[]; arrivals: Buffer[]; uidValidity: number },
): Promise<void> {
  const messages = await withClient(server, async (client) => {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const out: { uid: number; raw: Buffer; flags: string[]; internalDate: Date }[] = [];
      for await (const m of client.fetch('1:*', { uid: true, flags: true, source: true, internalDate: true })) {
        const internalDate = new Date(m.internalDate ?? 0);
        out.push({ uid: m.uid, raw: m.source!, flags: [...(m.flags ?? [])], internalDate });
      }
      return out;
    } finally {
      lock.release();
    }
  });
  await deleteFolder(server, folder);
  await createFolder(server, folder);
  await setUidValidity(server, folder, change.uidValidity);
  const kept = messages.filter((m) => !change.drop.includes(m.uid)).reverse();
  await withClient(server, async (client) => {
    for (const [i, m] of kept.entries()) {
      await client.append(folder, m.raw, m.flags, m.internalDate);
      if (change.arrivals[i] !== undefined) await client.append(folder, change.arrivals[i]);
    }
    for (const raw of change.arrivals.slice(kept.length)) await client.append(folder, raw);
  });
}

/** UTF-8 names of every selectable folder on the server. */
export async function serverFolders(server: DovecotServer, user = server.user): Promise<string[]> {
  return withClient(
    server,
    async (client) => {
      const list = await client.list();
      return list
        .filter((m) => !m.flags.has('\\Noselect') && !m.flags.has('\\NonExistent'))
        .map((m) => m.path)
        .sort();
    },
    user,
  );
}

const user = (server: DovecotServer) => server.user.user;

export async function createFolder(server: DovecotServer, name: string): Promise<void> {
  await server.doveadm(['mailbox', 'create', '-u', user(server), name]);
}

export async function deleteFolder(server: DovecotServer, name: string): Promise<void> {
  await server.doveadm(['mailbox', 'delete', '-u', user(server), '-s', name]);
}

export async function renameFolder(server: DovecotServer, from: string, to: string): Promise<void> {
  await server.doveadm(['mailbox', 'rename', '-u', user(server), from, to]);
}

export async function setUidValidity(server: DovecotServer, folder: string, uidValidity: number): Promise<void> {
  await server.doveadm(['mailbox', 'update', '-u', user(server), '--uid-validity', String(uidValidity), folder]);
}

export async function addFlags(server: DovecotServer, folder: string, uid: number, flags: string[]): Promise<void> {
  await server.doveadm(['flags', 'add', '-u', user(server), flags.join(' '), 'mailbox', folder, 'uid', String(uid)]);
}

export async function removeFlags(server: DovecotServer, folder: string, uid: number, flags: string[]): Promise<void> {
  await server.doveadm(['flags', 'remove', '-u', user(server), flags.join(' '), 'mailbox', folder, 'uid', String(uid)]);
}

export async function expunge(server: DovecotServer, folder: string, uid: number): Promise<void> {
  await server.doveadm(['expunge', '-u', user(server), 'mailbox', folder, 'uid', String(uid)]);
}
