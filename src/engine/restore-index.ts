// What a target mailbox holds already, so that restore appends nothing twice: read from the
// server itself before appending (never from a local journal), so a rerun after a crash sees
// every message an APPEND stored, even one whose OK never arrived. A message is known by its
// Message-ID and size; one without a Message-ID by the SHA-256 of its bytes, fetched only for
// the server's messages of a matching size. Counted as a multiset: two identical files in a
// folder are two messages.
import { lineEndHasher, type MessageFingerprint } from './restore-fingerprint.js';
import type { RemoteMailbox, RemoteSession } from './remote.js';

/** Bodies up to this size are fetched whole to be hashed; bigger ones are streamed. */
const FETCHED_WHOLE_BYTES = 4 * 1024 * 1024;

interface UnnamedMessage {
  uid: number;
  size: number;
  taken: boolean;
  hash?: string;
}

export interface TargetIndex {
  /** Whether the target holds this message and it is not yet matched with another file; matches it if so. */
  take(message: MessageFingerprint): Promise<boolean>;
}

const key = (messageId: string, size: number) => `${size} ${messageId}`;

/** The index of a mailbox that does not exist yet. */
export const EMPTY_INDEX: TargetIndex = { take: () => Promise.resolve(false) };

export async function readTargetIndex(session: RemoteSession, mailbox: RemoteMailbox): Promise<TargetIndex> {
  const examined = await session.examine(mailbox);
  if (examined.messages === 0) return EMPTY_INDEX;
  const uids = await session.listUids();
  const named = new Map<string, number>();
  const unnamed: UnnamedMessage[] = [];
  for (const [uid, { messageId, size }] of await session.fetchMessageIds(uids)) {
    if (messageId === null) unnamed.push({ uid, size, taken: false });
    else named.set(key(messageId, size), (named.get(key(messageId, size)) ?? 0) + 1);
  }
  const hashOf = async (message: UnnamedMessage): Promise<string> => {
    message.hash ??= await serverHash(session, message);
    return message.hash;
  };
  return {
    async take({ messageId, size, crlfSize, hash }) {
      const sizes = size === crlfSize ? [size] : [size, crlfSize];
      if (messageId !== null) {
        const found = sizes.map((s) => key(messageId, s)).find((k) => (named.get(k) ?? 0) > 0);
        if (found !== undefined) named.set(found, named.get(found)! - 1);
        return found !== undefined;
      }
      for (const candidate of unnamed) {
        if (candidate.taken || !sizes.includes(candidate.size)) continue;
        if ((await hashOf(candidate)) !== hash) continue;
        candidate.taken = true;
        return true;
      }
      return false;
    },
  };
}

/** The line-end-blind SHA-256 of a message on the server (the mailbox is the one examined). */
async function serverHash(session: RemoteSession, { uid, size }: UnnamedMessage): Promise<string> {
  const hasher = lineEndHasher();
  if (size <= FETCHED_WHOLE_BYTES) {
    const [fetched] = await session.fetchBodies([uid]);
    if (fetched !== undefined && Buffer.isBuffer(fetched.body)) hasher.update(fetched.body);
  } else {
    const { body } = await session.streamBody(uid);
    if (Buffer.isBuffer(body)) hasher.update(body);
    else for await (const chunk of body) hasher.update(chunk);
  }
  return hasher.digest().hash;
}
