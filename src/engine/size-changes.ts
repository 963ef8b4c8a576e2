// A body whose length is not the size announced for it. The bytes the server sent are the message
// (never cut to RFC822.SIZE), and a server may misreport every size (Exchange): such a body is
// stored, and the user told. Yet it may also stand in for a message expunged meanwhile: Courier-IMAP
// answers the FETCH of a message another client expunged with a short "message unavailable" text
// until a NOOP reports the expunge. So such a body is stored only once the server says its UID is
// still there: one round trip for a batch holding any, none for the others.
import { SyncError } from './errors.js';
import { mailboxNotice, type MailboxSyncContext } from './mailbox-context.js';
import type { RemoteBody } from './remote.js';
import type { SkippedMessages } from './skipped-messages.js';

/** The size each message was listed with (RFC822.SIZE), by UID. */
export type ListedSizes = ReadonlyMap<number, number>;

/** RFC822.SIZE of the FETCH that sent the body where it differed, else the listing's, else the body's own. */
function announcedSize(body: RemoteBody, listed: ListedSizes | undefined): number {
  return body.announcedSize ?? listed?.get(body.uid) ?? body.size;
}

/** Whether a body held in memory is not as long as announced. */
function differsFromAnnounced(body: RemoteBody, listed: ListedSizes | undefined): boolean {
  return Buffer.isBuffer(body.body) && body.body.length !== announcedSize(body, listed);
}

function expunged(uid: number): SyncError {
  const why = `UID ${uid} was expunged on the server while it was downloaded; not stored`;
  return new SyncError('MESSAGE_GONE', 'message', 'temp', why);
}

/**
 * The bodies to store: those as long as announced, and of the others those whose UID the server
 * still holds (`asked` already, or asked now). The rest are skipped as gone (no failure; the
 * mailbox's state stays incomplete, so the next pass looks at every UID).
 */
export async function withoutExpunged(
  ctx: MailboxSyncContext,
  bodies: RemoteBody[],
  listed: ListedSizes | undefined,
  skips: SkippedMessages,
  asked?: Promise<Set<number>>,
): Promise<RemoteBody[]> {
  const doubtful = bodies.filter((body) => differsFromAnnounced(body, listed)).map((body) => body.uid);
  if (doubtful.length === 0) return bodies;
  const there = await (asked ?? ctx.session.uidsStillThere(doubtful));
  const gone = new Set(doubtful.filter((uid) => !there.has(uid)));
  for (const uid of gone) skips.skip(expunged(uid), uid);
  return bodies.filter((body) => !gone.has(body.uid));
}

/**
 * A streamed body that ends at another length than announced asks the server, before its file is
 * renamed into place, whether its UID is still there; if not, it ends in MESSAGE_GONE (the writer
 * then removes the file).
 */
export function checkedAtItsEnd(
  ctx: MailboxSyncContext,
  body: RemoteBody,
  listed: ListedSizes | undefined,
): RemoteBody {
  const announced = announcedSize(body, listed);
  const chunks = body.body as AsyncIterable<Buffer>;
  async function* checked(): AsyncGenerator<Buffer> {
    let length = 0;
    for await (const chunk of chunks) {
      length += chunk.length;
      yield chunk;
    }
    if (length !== announced && !(await ctx.session.uidsStillThere([body.uid])).has(body.uid)) {
      throw expunged(body.uid);
    }
  }
  return { ...body, body: checked() };
}

/** Tells the user of each body stored at another length than announced. */
export function noticeSizeChanges(
  ctx: MailboxSyncContext,
  bodies: readonly RemoteBody[],
  written: readonly { uid: number; size: number }[],
  listed: ListedSizes | undefined,
): void {
  const byUid = new Map(bodies.map((b) => [b.uid, b]));
  for (const { uid, size } of written) {
    const body = byUid.get(uid);
    const announced = body !== undefined ? announcedSize(body, listed) : listed?.get(uid);
    if (announced === undefined || announced === size) continue;
    mailboxNotice(ctx, `UID ${uid} stored as the server sent it, ${size} bytes (it announced ${announced})`);
  }
}
