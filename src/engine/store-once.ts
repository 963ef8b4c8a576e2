// One mailbox pass's share of storing each message of an account once: on a server that names
// its messages (X-GM-MSGID, EMAILID), a message whose id is already stored in another folder is
// placed here as a hard link instead of being downloaded again, and one being downloaded by
// another mailbox right now is waited for (after this pass's own downloads, so no two passes
// ever wait on each other). Sizes tell apart two messages that share an id; their SHA-256s show it.
import { createHash } from 'node:crypto';
import type { PlacedBy, StoredMessage, StoredSource } from '../maildir/index.js';
import type { RemoteBody } from './remote.js';
import type { InFlight, StoredIds } from './stored-ids.js';

/** The part of a Maildir folder that places a stored file (maildir/link-message.ts). */
export interface PlacingFolder {
  place(item: StoredSource): Promise<{ stored: StoredMessage; by: PlacedBy }>;
}

export interface Wanted {
  uid: number;
  size: number;
}

/** What linking left: the messages placed, how many of them are copies, and those still to download. */
export interface Linked {
  placed: StoredMessage[];
  copies: number;
  /** Their stored file vanished, or the other mailbox's download failed. */
  toDownload: Wanted[];
  /** Their stored file vanished while another mailbox downloads them again: for the next `link`. */
  waitingElsewhere: number;
}

export interface StoreOnce {
  /** Whether this pass downloads `uid` (claimed for it) or leaves it for `link` (stored or under way elsewhere). */
  downloads(message: Wanted): boolean;
  /** Wraps a fetched body so its SHA-256 is known once written (only one with a server id: it is recorded by it). */
  hashing(body: RemoteBody): RemoteBody;
  /** Records written downloads under their ids, lets waiting mailboxes go on; returns notices (id collisions). */
  recordDownloads(written: readonly StoredMessage[]): string[];
  /**
   * Places every message left to link (waiting for other mailboxes' downloads first); those whose
   * files vanished are downloaded by the caller (`toDownload`), or linked by a further call.
   */
  link(folder: PlacingFolder, uidValidity: number, flagsOf: (uid: number) => string): Promise<Linked>;
  /** Ends the pass: claims not yet recorded are released (a failed download), for others to retry. */
  release(): void;
}

const PLACE_AT_ONCE = 16;

/** `idOf`: the server's id of each UID this pass may store (UIDs without one are always downloaded). */
export function storeOnce(ids: StoredIds, idOf: ReadonlyMap<number, string>): StoreOnce {
  const claimed = new Map<number, number>();
  const waiting = new Map<number, { message: Wanted; inFlight?: InFlight }>();
  const digests = new Map<number, () => string>();

  return {
    downloads(message) {
      const id = idOf.get(message.uid);
      if (id === undefined) return true;
      if (ids.filesOf(id, message.size).length > 0) {
        waiting.set(message.uid, { message });
        return false;
      }
      return claimDownload(message);
    },

    hashing(body) {
      // Without an id nothing records the digest; hashing every byte cost ~7 % of the sync's main thread.
      if (!idOf.has(body.uid)) return body;
      const { hashed, digest } = hashingBody(body);
      digests.set(body.uid, digest);
      return hashed;
    },

    recordDownloads(written) {
      const notices = written.flatMap((stored) => {
        const [id, digest] = [idOf.get(stored.uid), digests.get(stored.uid)];
        digests.delete(stored.uid);
        const notice = id !== undefined && digest !== undefined ? recordDownload(ids, id, stored, digest()) : undefined;
        return notice === undefined ? [] : [notice];
      });
      for (const stored of written) settle(stored.uid);
      return notices;
    },

    async link(folder, uidValidity, flagsOf) {
      const result: Linked = { placed: [], copies: 0, toDownload: [], waitingElsewhere: 0 };
      const items = [...waiting.values()];
      waiting.clear();
      await Promise.all(items.flatMap((item) => (item.inFlight ? [item.inFlight.done] : [])));
      for (let i = 0; i < items.length; i += PLACE_AT_ONCE) {
        await Promise.all(
          items.slice(i, i + PLACE_AT_ONCE).map(async ({ message }) => {
            const placed = await placeFromStored(ids, idOf.get(message.uid)!, message, (source) =>
              folder.place({ source, uid: message.uid, uidValidity, flags: flagsOf(message.uid), size: message.size }),
            );
            if (placed !== undefined) {
              result.placed.push(placed.stored);
              if (placed.by === 'copy') result.copies++;
            } else if (claimDownload(message)) result.toDownload.push(message);
            else result.waitingElsewhere++;
          }),
        );
      }
      return result;
    },

    release() {
      for (const uid of [...claimed.keys()]) settle(uid);
    },
  };

  // True: this pass downloads it (not stored, or its last link removed by a mirrored folder); false:
  // another mailbox is at it, and it waits for the next `link`, after this mailbox's own downloads.
  function claimDownload(message: Wanted): boolean {
    const inFlight = ids.claim(idOf.get(message.uid)!, message.size);
    if (inFlight === undefined) claimed.set(message.uid, message.size);
    else waiting.set(message.uid, { message, inFlight });
    return inFlight === undefined;
  }

  function settle(uid: number): void {
    const size = claimed.get(uid);
    if (size === undefined) return;
    claimed.delete(uid);
    ids.settle(idOf.get(uid)!, size);
  }
}

/** Records a written download under its id; returns a notice when another message shares that id. */
function recordDownload(ids: StoredIds, id: string, stored: StoredMessage, sha256: string): string | undefined {
  const others = ids.variantsOf(id).filter((v) => v.sha256 !== sha256);
  ids.add([{ id, size: stored.size, sha256, path: stored.path }]);
  if (others.length === 0) return undefined;
  return `two messages share the server id ${id} (${others[0]!.size} and ${stored.size} bytes): both kept`;
}

/** Wraps `body` so its SHA-256 is known (through `digest`) once it has been read to the end. */
function hashingBody(body: RemoteBody): { hashed: RemoteBody; digest: () => string } {
  const hash = createHash('sha256');
  const digest = (): string => hash.digest('hex');
  if (Buffer.isBuffer(body.body)) {
    hash.update(body.body);
    return { hashed: body, digest };
  }
  const chunks = body.body;
  const hashing = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      hash.update(chunk);
      yield chunk;
    }
  };
  return { hashed: { ...body, body: hashing() }, digest };
}

/**
 * Places `message` from the first stored file of `id` still there; undefined when none is left.
 * The files are looked up again after each vanished one: another folder's mirrored deletion may
 * have just set it aside (set-aside-files.ts), under a new name.
 */
async function placeFromStored(
  ids: StoredIds,
  id: string,
  message: Wanted,
  place: (source: string) => Promise<{ stored: StoredMessage; by: PlacedBy }>,
): Promise<{ stored: StoredMessage; by: PlacedBy } | undefined> {
  const tried = new Set<string>();
  const untried = () => ids.filesOf(id, message.size).find((copy) => !tried.has(copy.path));
  for (let source = untried(); source !== undefined; source = untried()) {
    tried.add(source.path);
    try {
      const placed = await place(source.path);
      ids.add([{ ...source, path: placed.stored.path }]);
      return placed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      ids.moved(source.path, undefined);
    }
  }
  return undefined;
}
