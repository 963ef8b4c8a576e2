// Gmail mail on the test Dovecot behind the Gmail personality: the relay started once the
// corpus is seeded, small messages, and label changes as Gmail makes them: a label added is the
// message's file copied into that folder under the same name (one X-GUID, so one X-GM-MSGID); a
// label removed is an expunge from that folder.
import { chownSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, beforeEach } from 'node:test';
import type { Corpus, CorpusMessage } from './corpus.js';
import type { CorpusServer } from './corpus-server.js';
import type { DovecotServer } from './dovecot.js';
import { startGmailPersonality, type GmailPersonality, type GmailPersonalityOptions } from './gmail-personality.js';
import { expunge, loadCorpus, serverFolderDir, serverMessages } from './server-mail.js';

/**
 * Seeds the server with `gmail` and starts the relay in front of it, once, before the first test
 * (a second top-level before hook would run beside the server's); closes it after the file.
 */
export function useGmailRelay(
  corpus: CorpusServer,
  gmail: Corpus,
  options: Pick<GmailPersonalityOptions, 'dailyBytes'> = {},
): () => GmailPersonality {
  let relay: GmailPersonality | undefined;
  let seeded: Promise<GmailPersonality> | undefined;
  beforeEach(
    () =>
      (seeded ??= loadCorpus(corpus.server, gmail).then(async () => {
        relay = await startGmailPersonality({
          ...options,
          targetPort: corpus.server.imapPort,
          mailDir: corpus.server.mailDir(),
        });
        return relay;
      })),
  );
  after(() => relay?.close());
  return () => relay!;
}

/** A small seen message named `name` (Subject and Message-ID). */
export const gmailMessage = (name: string, body: string): CorpusMessage => ({
  raw: Buffer.from(`From: a@example.org\r\nSubject: ${name}\r\nMessage-ID: <${name}@x>\r\n\r\n${body}\r\n`),
  flags: ['\\Seen'],
  internalDate: new Date('2024-03-01T12:00:00Z'),
});

/** Gmail adds label `folder` to `m`, stored in `from`: a copy there under the same X-GUID (file name). */
export async function addLabel(server: DovecotServer, from: string, m: CorpusMessage, folder: string): Promise<void> {
  const name = readdirSync(join(serverFolderDir(server, from), 'cur')).find((n) => n.includes(`,S=${m.raw.length}:`))!;
  const target = join(serverFolderDir(server, folder), 'cur', name);
  copyFileSync(join(serverFolderDir(server, from), 'cur', name), target);
  chownSync(target, server.mailOwner.uid, server.mailOwner.gid);
  await server.doveadm(['force-resync', '-u', server.user.user, folder]);
}

/** Gmail removes label `folder` from `m` (told by its size). */
export async function removeLabel(server: DovecotServer, folder: string, m: CorpusMessage): Promise<void> {
  const uid = (await serverMessages(server, folder)).find((s) => s.size === m.raw.length)!.uid;
  await expunge(server, folder, uid);
}

/** `m` moved from label `from` to label `to`. */
export async function moveLabel(server: DovecotServer, m: CorpusMessage, from: string, to: string): Promise<void> {
  await addLabel(server, from, m, to);
  await removeLabel(server, from, m);
}
