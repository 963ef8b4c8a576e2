// Compares stored files with the server's BODY.PEEK[] by SHA-256. Small messages come in batches
// held in memory, big ones are streamed in chunks (as the sync downloads them), and each file is
// hashed as it is read: no whole big message is held. Another tool's file (no `,S=` of ours) is
// compared in the form the server would send it (serverForm: CRLF, no X-TUID). A message that
// differs is compared once more without an mbox server's bookkeeping header lines (mbox-bookkeeping.ts).
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { serverForm } from '../../maildir/index.js';
import { FETCH_LIMITS } from '../fetch-batches.js';
import { planFetchBatches } from '../plan-mailbox.js';
import type { RemoteSession } from '../remote.js';
import type { LocalCopy } from './local-copies.js';
import { MessageDigest, type MessageDigests } from '../mbox-bookkeeping.js';

export type BodyVerdict =
  /**
   * The stored bytes are the server's; `length` is the literal's. `rewritten`: but for the header
   * lines an mbox server rewrites with the flags (mbox-bookkeeping.ts).
   */
  | { uid: number; result: 'match'; length: number; rewritten?: true }
  | { uid: number; result: 'differs'; length: number }
  /** The server sent no body (expunged meanwhile, or unreadable). */
  | { uid: number; result: 'gone' };

export interface BodyToCheck {
  copy: LocalCopy;
  /** RFC822.SIZE, for batching and the progress total. */
  size: number;
}

/** Checks every message in turn; `onVerdict` is awaited (it may save progress) before the next batch. */
export async function checkBodies(
  session: RemoteSession,
  items: readonly BodyToCheck[],
  onVerdict: (verdict: BodyVerdict, bytes: number) => void,
  afterBatch: () => Promise<void>,
): Promise<void> {
  const byUid = new Map(items.map((item) => [item.copy.uid, item]));
  const batches = planFetchBatches(
    items.map((item) => ({ uid: item.copy.uid, size: item.size })),
    FETCH_LIMITS,
  );
  for (const batch of batches) {
    if (batch.stream) {
      const uid = batch.uids[0]!;
      const body = await session.streamBody(uid).catch(() => undefined);
      if (body === undefined) onVerdict({ uid, result: 'gone' }, 0);
      else {
        const server = await hashStream(body.body);
        onVerdict(await verdict(byUid.get(uid)!.copy, server), server.length);
      }
    } else {
      const bodies = new Map((await session.fetchBodies(batch.uids)).map((b) => [b.uid, b.body]));
      for (const uid of batch.uids) {
        const body = bodies.get(uid);
        if (body === undefined) onVerdict({ uid, result: 'gone' }, 0);
        else {
          const server = await hashStream(body);
          onVerdict(await verdict(byUid.get(uid)!.copy, server), server.length);
        }
      }
    }
    await afterBatch();
  }
}

/** `server` and the stored file's digests: the same bytes, or the same but for mbox bookkeeping. */
async function verdict(copy: LocalCopy, server: MessageDigests): Promise<BodyVerdict> {
  const local = await hashFile(copy).catch(() => undefined);
  const { uid } = copy;
  const { length } = server;
  if (local?.sha256 === server.sha256 && local.length === length) return { uid, result: 'match', length };
  if (local?.withoutBookkeeping === server.withoutBookkeeping) return { uid, result: 'match', length, rewritten: true };
  return { uid, result: 'differs', length };
}

async function hashStream(body: Buffer | AsyncIterable<Buffer>): Promise<MessageDigests> {
  const digest = new MessageDigest();
  for await (const chunk of Buffer.isBuffer(body) ? [body] : body) digest.update(chunk);
  return digest.digest();
}

function hashFile(copy: LocalCopy): Promise<MessageDigests> {
  if (copy.recordedSize === undefined) return readFile(copy.path).then((bytes) => hashStream(serverForm(bytes)));
  return hashStream(createReadStream(copy.path));
}
