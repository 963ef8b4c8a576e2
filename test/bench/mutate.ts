// The incremental phase's change to the server, the same for both tools: +1% new messages
// (APPEND of marked copies), 1% flag changes (\Seen toggled), 0.5% expunged. Picks are by
// position, so the same corpus gives the same mutation.
import type { Corpus } from '../support/corpus.js';
import type { DovecotServer } from '../support/dovecot.js';
import { withClient } from '../support/server-mail.js';
import type { ServerSnapshot } from './server-snapshot.js';

export interface Mutation {
  appended: number;
  flagsChanged: number;
  expunged: number;
}

const APPEND_EVERY = 100;
const FLAG_EVERY = 100;
const EXPUNGE_EVERY = 200;
/** Copies of the big attachment messages would measure the network, not the sync. */
const MAX_COPIED_BYTES = 1024 * 1024;

/** A corpus message turned into a new one: its own Message-ID and a marker header. */
export function markedCopy(raw: Buffer, n: number): Buffer {
  const text = raw.toString('latin1');
  const renamed = text.replace(/^Message-ID:\s*</im, (m) => `${m}bench-${n}.`);
  return Buffer.from(`X-Bench-Copy: ${n}\r\n${renamed}`, 'latin1');
}

export async function mutateServer(server: DovecotServer, corpus: Corpus, snapshot: ServerSnapshot): Promise<Mutation> {
  const done: Mutation = { appended: 0, flagsChanged: 0, expunged: 0 };
  await withClient(server, async (client) => {
    let position = 0;
    for (const folder of corpus.folders) {
      for (const message of folder.messages) {
        position++;
        if (position % APPEND_EVERY !== 0 || message.raw.length > MAX_COPIED_BYTES) continue;
        await client.append(folder.name, markedCopy(message.raw, position), message.flags, message.internalDate);
        done.appended++;
      }
    }
    position = 0;
    for (const [folder, messages] of snapshot) {
      const seen: number[] = [];
      const unseen: number[] = [];
      const expunge: number[] = [];
      for (const m of messages) {
        position++;
        if (position % EXPUNGE_EVERY === EXPUNGE_EVERY / 4) expunge.push(m.uid);
        else if (position % FLAG_EVERY === 0) (m.flags.includes('\\Seen') ? unseen : seen).push(m.uid);
      }
      if (!seen.length && !unseen.length && !expunge.length) continue;
      const lock = await client.getMailboxLock(folder);
      try {
        if (seen.length) await client.messageFlagsAdd(seen.join(','), ['\\Seen'], { uid: true });
        if (unseen.length) await client.messageFlagsRemove(unseen.join(','), ['\\Seen'], { uid: true });
        if (expunge.length) await client.messageDelete(expunge.join(','), { uid: true });
      } finally {
        lock.release();
      }
      done.flagsChanged += seen.length + unseen.length;
      done.expunged += expunge.length;
    }
  });
  return done;
}
