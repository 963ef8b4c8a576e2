// What a target mailbox holds already, so that restore appends nothing twice: read from the
// server itself before appending (never from a local journal), so a rerun after a crash sees
// every message an APPEND stored, even one whose OK never arrived. A message is known by its
// Message-ID and size; one without a Message-ID by the SHA-256 of its bytes, fetched only for
// the server's messages of a matching size. Counted as a multiset: two identical files in a
// folder are two messages. A server that adds its mbox bookkeeping to each message's header
// (mbox-bookkeeping.ts) sends it a little longer: such a copy is known by its hash without them.
// One that converts what it stores (Exchange: RFC822.SIZE is not the length it sends) is known by
// the Message-ID alone.
import { lineEndHasher, plainHasher, type MessageFingerprint } from './restore-fingerprint.js';
import type { RemoteMailbox, RemoteSession } from './remote.js';

/** Bodies up to this size are fetched whole to be hashed; bigger ones are streamed. */
const FETCHED_WHOLE_BYTES = 4 * 1024 * 1024;
/** What an mbox server's bookkeeping lines (X-UID, Status, X-Keywords, X-IMAPbase) may add to a message. */
const BOOKKEEPING_BYTES = 1024;

interface Hashes {
  hash: string;
  plainHash: string;
  /** The bytes the server sent: not its RFC822.SIZE on a server that converts messages (Exchange). */
  length: number;
}

interface ServerMessage {
  uid: number;
  size: number;
  taken: boolean;
  hashes?: Hashes;
}

export interface TargetIndex {
  /** Whether the target holds this message and it is not yet matched with another file; matches it if so. */
  take(message: MessageFingerprint): Promise<boolean>;
}

/** The index of a mailbox that does not exist yet. */
export const EMPTY_INDEX: TargetIndex = { take: () => Promise.resolve(false) };

export async function readTargetIndex(session: RemoteSession, mailbox: RemoteMailbox): Promise<TargetIndex> {
  const examined = await session.examine(mailbox);
  if (examined.messages === 0) return EMPTY_INDEX;
  const uids = await session.listUids();
  const named = new Map<string, ServerMessage[]>();
  const unnamed: ServerMessage[] = [];
  const all: ServerMessage[] = [];
  for (const [uid, { messageId, size }] of await session.fetchMessageIds(uids)) {
    const message = { uid, size, taken: false };
    all.push(message);
    if (messageId === null) unnamed.push(message);
    else if (named.has(messageId)) named.get(messageId)!.push(message);
    else named.set(messageId, [message]);
  }
  all.sort((a, b) => a.uid - b.uid);
  const position = new Map(all.map((m, i) => [m, i]));
  const hashesOf = async (message: ServerMessage): Promise<Hashes> => {
    if (message.hashes === undefined) await hashFrom(session, all, position.get(message)!);
    return message.hashes!;
  };
  return {
    async take(file) {
      const sizes = file.size === file.crlfSize ? [file.size] : [file.size, file.crlfSize];
      const exact = (m: ServerMessage) => sizes.includes(m.size);
      // An mbox server sends it with its bookkeeping lines added (imap4d: a little longer) or taken
      // out (Dovecot: a little shorter), the same without them.
      const rewritten = async (m: ServerMessage) =>
        m.size >= file.size - BOOKKEEPING_BYTES &&
        m.size <= file.crlfSize + BOOKKEEPING_BYTES &&
        !exact(m) &&
        (await hashesOf(m)).plainHash === (await file.plainHash());
      // A server that sends another length than its RFC822.SIZE converts what it stores (Exchange):
      // neither size nor bytes tell its copy, the Message-ID does.
      const converted = async (m: ServerMessage) => (await hashesOf(m)).length !== m.size;
      if (file.messageId !== null) {
        const candidates = named.get(file.messageId) ?? [];
        return (
          (await takeFirst(candidates, exact)) ||
          (await takeFirst(candidates, rewritten)) ||
          takeFirst(candidates, converted)
        );
      }
      const same = async (m: ServerMessage) => exact(m) && (await hashesOf(m)).hash === file.hash;
      return (await takeFirst(unnamed, same)) || takeFirst(unnamed, rewritten);
    },
  };
}

/** Marks the first message not yet taken that passes `test` as taken; whether there was one. */
async function takeFirst(
  messages: readonly ServerMessage[],
  test: (m: ServerMessage) => boolean | Promise<boolean>,
): Promise<boolean> {
  for (const message of messages) {
    if (message.taken || !(await test(message))) continue;
    message.taken = true;
    return true;
  }
  return false;
}

/** Messages hashed in one FETCH: the next ones by UID (a rerun meets them in that order). */
const HASHED_TOGETHER = 64;

/**
 * Hashes `all[start]`, and with it (one FETCH) the next messages by UID not hashed yet, up to
 * HASHED_TOGETHER and FETCHED_WHOLE_BYTES in all; a big one is streamed alone.
 */
async function hashFrom(session: RemoteSession, all: readonly ServerMessage[], start: number): Promise<void> {
  const message = all[start]!;
  if (message.size > FETCHED_WHOLE_BYTES) {
    const { body } = await session.streamBody(message.uid);
    message.hashes = await hashesOfBody(body);
    return;
  }
  const batch: ServerMessage[] = [];
  let bytes = 0;
  for (let i = start; i < all.length && batch.length < HASHED_TOGETHER; i++) {
    const next = all[i]!;
    if (next.hashes !== undefined || next.size > FETCHED_WHOLE_BYTES) continue;
    if (batch.length > 0 && bytes + next.size > FETCHED_WHOLE_BYTES) break;
    batch.push(next);
    bytes += next.size;
  }
  const bodies = new Map((await session.fetchBodies(batch.map((m) => m.uid))).map((b) => [b.uid, b.body]));
  for (const m of batch) m.hashes = await hashesOfBody(bodies.get(m.uid) ?? Buffer.alloc(0));
}

/** The line-end-blind SHA-256s of a message on the server, as is and as plainHasher reads it. */
async function hashesOfBody(body: Buffer | AsyncIterable<Buffer>): Promise<Hashes> {
  const hasher = lineEndHasher();
  const plain = plainHasher();
  let length = 0;
  for await (const chunk of Buffer.isBuffer(body) ? [body] : body) {
    hasher.update(chunk);
    plain.update(chunk);
    length += chunk.length;
  }
  return { hash: hasher.digest().hash, plainHash: plain.digest(), length };
}
