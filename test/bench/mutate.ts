// Applies one incremental round's change to the server, the same for both tools (what changes:
// mutation-picks.ts). New messages are APPENDed marked copies of corpus messages.
import type { Corpus } from '../support/corpus.js';
import type { DovecotServer } from '../support/dovecot.js';
import { serverFolders, withClient } from '../support/server-mail.js';
import { pickAppends, pickChanges, type ListedMessage } from './mutation-picks.js';

export interface Mutation {
  appended: number;
  flagsChanged: number;
  expunged: number;
}

/** A corpus message turned into a new one: its own Message-ID and a marker header. */
export function markedCopy(raw: Buffer, label: string): Buffer {
  const text = raw.toString('latin1');
  const renamed = text.replace(/^Message-ID:\s*</im, (m) => `${m}bench-${label}.`);
  return Buffer.from(`X-Bench-Copy: ${label}\r\n${renamed}`, 'latin1');
}

export async function mutateServer(server: DovecotServer, corpus: Corpus, round: number): Promise<Mutation> {
  const done: Mutation = { appended: 0, flagsChanged: 0, expunged: 0 };
  const folders = await serverFolders(server);
  await withClient(server, async (client) => {
    // UIDs and flags only: cheap, and what the previous rounds left, not what the corpus held.
    const listing = new Map<string, ListedMessage[]>();
    for (const folder of folders) {
      const lock = await client.getMailboxLock(folder, { readOnly: true });
      try {
        const messages: ListedMessage[] = [];
        if (client.mailbox && client.mailbox.exists > 0) {
          for await (const m of client.fetch('1:*', { uid: true, flags: true }))
            messages.push({ uid: m.uid, flags: [...(m.flags ?? [])] });
        }
        listing.set(
          folder,
          messages.sort((a, b) => a.uid - b.uid),
        );
      } finally {
        lock.release();
      }
    }
    for (const { folder, markSeen, markUnseen, expunge } of pickChanges(listing, round)) {
      const lock = await client.getMailboxLock(folder);
      try {
        if (markSeen.length) await client.messageFlagsAdd(markSeen.join(','), ['\\Seen'], { uid: true });
        if (markUnseen.length) await client.messageFlagsRemove(markUnseen.join(','), ['\\Seen'], { uid: true });
        if (expunge.length) await client.messageDelete(expunge.join(','), { uid: true });
      } finally {
        lock.release();
      }
      done.flagsChanged += markSeen.length + markUnseen.length;
      done.expunged += expunge.length;
    }
    for (const { folder, message, label } of pickAppends(corpus, round)) {
      await client.append(folder, markedCopy(message.raw, label), message.flags, message.internalDate);
      done.appended++;
    }
  });
  return done;
}
