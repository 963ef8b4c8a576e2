// Which messages a mailbox's pass downloads and in which batches: the sizes it needs (from the
// listing, the bodies that came with the EXAMINE, or one FETCH of the unsized arrivals), minus
// those over the size limit, and minus those stored in another folder already (store-once).
import { SessionNeeded } from './examine-mailbox.js';
import { FETCH_LIMITS } from './fetch-batches.js';
import { planFetchBatches, type FetchBatch, type ListedMessage, type MailboxPlan } from './plan-mailbox.js';
import { FETCH_UNSIZED, fetchesUnsized } from './prepare-mailbox.js';
import type { RemoteBody, RemoteExamined } from './remote.js';
import type { StoredMailboxState } from './state-store.js';
import { mailboxNotice, type MailboxSyncContext } from './mailbox-context.js';
import type { StoreOnce } from './store-once.js';
import { uidSet } from './uid-set.js';
import { imapFlagsToMaildir } from '../maildir/index.js';

export interface KnownSizes {
  sizes: Map<number, number>;
  /** The server's id of each message across mailboxes (X-GM-MSGID, EMAILID), where it has one. */
  emailIds: Map<number, string>;
  /** Flags of each listed message, as Maildir letters (for a message linked, not downloaded). */
  flags: Map<number, string>;
  /** Complete bodies already here: they came with the EXAMINE or with the unsized arrivals' FETCH. */
  bodies: RemoteBody[];
}

/**
 * The sizes of the messages to fetch. The usual incremental pass has a few new messages: they came
 * with the EXAMINE, or one command brings them with their sizes. Only a message bigger than the
 * first bytes is fetched again. A pipelined pass lacking any of them needs its session back.
 */
export async function learnSizes(
  ctx: MailboxSyncContext,
  toFetch: readonly number[],
  listing: readonly ListedMessage[],
  examined: RemoteExamined,
  { saved, pipelined }: { saved: StoredMailboxState | null; pipelined: boolean },
): Promise<KnownSizes> {
  const sizes = new Map(listing.flatMap((m) => (m.size !== undefined ? [[m.uid, m.size] as const] : [])));
  const emailIds = new Map<number, string>();
  const flags = new Map<number, string>();
  const learn = (m: ListedMessage) => {
    if (m.emailId !== undefined) emailIds.set(m.uid, m.emailId);
    flags.set(m.uid, imapFlagsToMaildir(m.flags));
  };
  listing.forEach(learn);
  const bodies: RemoteBody[] = [];
  const wanted = new Set(toFetch);
  const keep = (fetched: readonly RemoteBody[]) => {
    for (const body of fetched) {
      if (!wanted.has(body.uid)) continue;
      sizes.set(body.uid, body.size);
      if (body.partial === undefined) bodies.push(body);
    }
  };
  if (examined.prefetched !== undefined && examined.uidValidity === saved?.uidValidity) keep(examined.prefetched);
  if (pipelined && bodies.length < toFetch.length) throw new SessionNeeded(ctx.mailbox.name);
  const unknownSize = toFetch.filter((uid) => !sizes.has(uid));
  if (unknownSize.length > 0 && fetchesUnsized(unknownSize.length, ctx.account, ctx)) {
    keep(await ctx.session.fetchBodies(unknownSize, FETCH_UNSIZED.firstBytes));
  } else if (unknownSize.length > 0) {
    for (const m of await ctx.session.fetchUidsAndFlags(uidSet(unknownSize))) {
      sizes.set(m.uid, m.size);
      learn(m);
    }
  }
  return { sizes, emailIds, flags, bodies };
}

export interface Downloads {
  /** Every message to download, with its size. */
  wanted: { uid: number; size: number }[];
  /** New messages left for the store-once link phase (stored or being downloaded elsewhere). */
  toLink: number;
  batches: FetchBatch[];
  /** The first batch when bodies are here already. */
  prefetched?: { batch: FetchBatch; bodies: RemoteBody[] };
}

/**
 * Skips (with a notice) what is over the size limit, says what is fetched again, leaves to
 * `storing` what another folder holds already, and batches the rest.
 */
export function chooseDownloads(
  ctx: MailboxSyncContext,
  toFetch: readonly number[],
  { sizes, flags, bodies }: KnownSizes,
  { plan, saved }: { plan: MailboxPlan; saved: StoredMailboxState | null },
  storing: StoreOnce,
): Downloads {
  const here = new Set(bodies.map((b) => b.uid));
  const allWanted = withinSizeLimit(ctx, toFetch, sizes, flags);
  const wanted = allWanted.filter((m) => here.has(m.uid) || storing.downloads(m));
  const toLink = allWanted.length - wanted.length;
  if (plan.kind === 'incremental' && plan.localChanged && saved !== null) {
    // Below the highest UID stored, but for those this run asked for and did not get.
    const missing = wanted.filter((m) => m.uid <= saved.highestStoredUid && !ctx.notStored?.has(m.uid)).length;
    const [messages, them] = missing === 1 ? ['message', 'it'] : ['messages', 'them'];
    if (missing > 0) mailboxNotice(ctx, `${missing} ${messages} missing locally; fetching ${them} again`);
  }
  const rest = planFetchBatches(
    wanted.filter((m) => !here.has(m.uid)),
    FETCH_LIMITS,
  );
  if (bodies.length === 0) return { wanted, toLink, batches: rest };
  const batch: FetchBatch = { uids: [...here], bytes: bodies.reduce((sum, b) => sum + b.size, 0), stream: false };
  return { wanted, toLink, batches: [batch, ...rest], prefetched: { batch, bodies } };
}

/** As mbsync: a message over the limit is left on the server unless it is flagged. */
function withinSizeLimit(
  ctx: MailboxSyncContext,
  toFetch: readonly number[],
  sizes: ReadonlyMap<number, number>,
  flags: ReadonlyMap<number, string>,
): Downloads['wanted'] {
  const limit = ctx.account.maxMessageBytes;
  const wanted: Downloads['wanted'] = [];
  for (const uid of toFetch) {
    const size = sizes.get(uid) ?? 0;
    if (limit !== null && size > limit && !flags.get(uid)?.includes('F')) {
      mailboxNotice(ctx, `skipped UID ${uid}: ${size} bytes is over the size limit`);
      continue;
    }
    wanted.push({ uid, size });
  }
  return wanted;
}
