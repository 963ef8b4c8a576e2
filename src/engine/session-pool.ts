// The account's sessions working through the queue of mailboxes. A session serves one mailbox at a
// time, until that mailbox's pass frees it (only local work left, or its EXAMINE pipelined); the
// pass then finishes on its own while the session takes the next mailbox.
import type { AccountConfig } from '../config/types.js';
import type { AccountPass, QueuedMailbox } from './account-pass.js';
import { syncWithRetries } from './mailbox-retries.js';
import type { RemoteSession } from './remote.js';

/**
 * How many mailboxes (of all sessions together) may still be waiting for their answers or writing
 * locally while their session serves another one: the network and the disk overlap, and the
 * bodies held meanwhile stay bounded (a batch or a few arrivals each).
 */
const MAX_FINISHING = 8;

export interface PoolSessions {
  /** The session that listed the account: the first worker's. */
  first: RemoteSession;
  /** Sessions opened while listing, taken one per further worker; one that failed is opened again as needed. */
  spares: Promise<RemoteSession>[];
}

/** Runs `workers` sessions until the queue is empty; an error of one stops the others (`onFailure`). */
export async function runSessionPool(
  account: AccountConfig,
  queue: QueuedMailbox[],
  workers: number,
  { first, spares }: PoolSessions,
  pass: AccountPass,
  onFailure: (error: unknown) => void,
): Promise<void> {
  // Every worker's finishing mailboxes, for the limit they share: the one pipelined session may use them all.
  const allFinishing = new Set<Promise<unknown>>();
  const worker = async (index: number) => {
    let session: RemoteSession | undefined = index === 0 ? first : await spares.shift()?.catch(() => undefined);
    const finishing = new Set<Promise<unknown>>();
    try {
      while (!pass.isStopping()) {
        const next = queue.shift();
        if (next === undefined) {
          // A finishing mailbox may come back to the queue (SessionNeeded).
          if (finishing.size === 0) break;
          await Promise.race(finishing);
          continue;
        }
        while (allFinishing.size >= MAX_FINISHING) await Promise.race(allFinishing);
        const served = await syncUntilSessionFree(account, next, session, pass);
        session = served.session;
        if (served.finishing === undefined) continue;
        const done = served.finishing.catch(onFailure).finally(() => {
          finishing.delete(done);
          allFinishing.delete(done);
        });
        finishing.add(done);
        allFinishing.add(done);
      }
    } catch (error) {
      onFailure(error);
    }
    await Promise.all(finishing);
  };
  await Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
}

/**
 * Syncs a mailbox until it is done or it frees its session (what remains is local); then
 * `finishing` is the rest, which settles once the mailbox is finished and reported.
 */
async function syncUntilSessionFree(
  account: AccountConfig,
  queued: QueuedMailbox,
  session: RemoteSession | undefined,
  pass: AccountPass,
): Promise<{ session: RemoteSession | undefined; finishing?: Promise<unknown> }> {
  let onSessionFree!: (session: RemoteSession) => void;
  const freed = new Promise<RemoteSession>((resolve) => {
    onSessionFree = resolve;
  });
  const done = syncWithRetries(account, queued, session, pass, onSessionFree);
  return Promise.race([
    done.then((next) => ({ session: next })),
    freed.then((free) => ({ session: free, finishing: done })),
  ]);
}
