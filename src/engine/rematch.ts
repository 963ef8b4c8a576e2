// Files the server's UIDs do not name yet: after a UIDVALIDITY change (every file of the old one)
// or on a first pass over files another tool wrote (mbsync, OfflineIMAP). They are paired with
// server UIDs instead of downloaded twice: by mbsync's state, then by the server's message id
// (X-GM-MSGID, EMAILID) recorded for the file, then by Message-ID and size, then by size and the
// SHA-256 of the server's bytes.
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AccountConfig } from '../config/types.js';
import { parseMaildirName, serverForm, type StoredMessage } from '../maildir/index.js';
import { adoptForeignFiles, inServerForm, pairPlaceholdersByText, type Adoption } from './adopt-maildir.js';
import { FETCH_LIMITS } from './fetch-batches.js';
import type { MailboxContents } from './list-messages.js';
import { parseMessageIdHeader } from './message-id.js';
import type { MailboxPlan } from './plan-mailbox.js';
import type { RemoteMailbox, RemoteSession } from './remote.js';
import type { StoredIds } from './stored-ids.js';

const HEADER_READ_BYTES = 64 * 1024;

export interface RematchScope {
  account: AccountConfig;
  mailbox: RemoteMailbox;
  session: RemoteSession;
  localDir: string;
  /** First pass: files another tool wrote may be adopted. */
  firstPass: boolean;
  plan: MailboxPlan;
  notice: (message: string) => void;
  storedIds: StoredIds;
}

/** Pairs what it can with server UIDs, in `contents.stored` and `contents.adopted`, and says what it did. */
export async function rematchFiles(scope: RematchScope, contents: MailboxContents, uidValidity: number): Promise<void> {
  const { stored, adopted, scanned, foreign, serverUids } = contents;
  const { mailbox, plan } = scope;
  const adoption = scope.firstPass
    ? await adoptForeignFiles(scope.account, mailbox, scope.localDir, foreign, uidValidity)
    : null;
  for (const [uid, message] of adoption?.paired ?? []) {
    adopted[String(uid)] = fileBase(message);
    stored.set(uid, message);
  }
  for (const [uid, file] of adoption?.placeholders ?? []) contents.placeholders[String(uid)] = file.base;
  if (plan.kind !== 'uidvalidity-changed' && adoption === null) return;
  const byText = adoption ? await placeholdersByText(scope.session, adoption, contents) : [];
  // After a UIDVALIDITY change, files adopted from another tool need matching again too.
  const foreignOrphans = (adoption?.unpaired ?? (await inServerForm(foreign))).concat(byText);
  const orphans = [...scanned.values()].filter((m) => m.uidValidity !== uidValidity).concat(foreignOrphans);
  const candidates = serverUids.filter((uid) => !stored.has(uid));
  const emailIds = new Map<number, string>();
  for (const m of contents.listing) if (m.emailId !== undefined) emailIds.set(m.uid, m.emailId);
  const byEmailId = rematchByEmailId(scope.storedIds, orphans, candidates, emailIds);
  const paired = new Set(byEmailId.values());
  const matched = new Map([
    ...byEmailId,
    ...(await rematch(
      scope.session,
      orphans.filter((message) => !paired.has(message)),
      candidates.filter((uid) => !byEmailId.has(uid)),
    )),
  ]);
  for (const [uid, message] of matched) {
    adopted[String(uid)] = fileBase(message);
    stored.set(uid, { ...message, uid, uidValidity });
  }
  const missing = serverUids.filter((uid) => !stored.has(uid)).length;
  if (plan.kind === 'uidvalidity-changed') {
    scope.notice(
      `UIDVALIDITY of ${mailbox.name} changed (${plan.previousUidValidity} → ${uidValidity}): ` +
        `kept all ${orphans.length} local messages, re-matched ${matched.size}, fetching ${missing}`,
    );
  } else if (adoption !== null && foreign.length > 0) {
    const adopted = adoption.paired.size + matched.size;
    const placeholders = adoption.unnamedPlaceholders.length - byText.length;
    const known = placeholders > 0 ? `, ${placeholders} mbsync placeholder(s) known by their text` : '';
    scope.notice(
      `${adopted} messages adopted ${adoptedHow(scope.account, adoption, matched.size)}, ${missing} to download${known}`,
    );
  }
}

/**
 * Pairs the placeholders mbsync's state does not name with the server's UIDs, as stand-ins to
 * replace once the message is stored (not as the message); returns the others, for the re-match:
 * a server may hold a placeholder itself (copied there by hand).
 */
async function placeholdersByText(
  session: RemoteSession,
  adoption: Adoption,
  contents: MailboxContents,
): Promise<StoredMessage[]> {
  const listed = new Map<number, number | undefined>();
  for (const { uid, size } of contents.listing)
    if (contents.placeholders[String(uid)] === undefined) listed.set(uid, size);
  const paired = await pairPlaceholdersByText(session, adoption.unnamedPlaceholders, listed);
  for (const [uid, { file }] of paired) contents.placeholders[String(uid)] = file.base;
  const taken = new Set(paired.values());
  return adoption.unnamedPlaceholders.filter((p) => !taken.has(p)).map((p) => p.asStored);
}

/**
 * How files were adopted. mbsync's state is named where the account comes from an mbsyncrc or a
 * state was found; a tree another tool wrote (OfflineIMAP) is matched by Message-ID and size alone.
 */
function adoptedHow(account: AccountConfig, adoption: Adoption, byMessageId: number): string {
  // Without a state file nothing was paired by one.
  if (account.mbsync === undefined && adoption.stateMissing) {
    return 'by Message-ID and size';
  }
  const problem = adoption.stateProblem ? ` (${adoption.stateProblem})` : '';
  return `(${adoption.paired.size} by mbsync's state${problem}, ${byMessageId} by Message-ID and size)`;
}

function fileBase(message: StoredMessage): string {
  return parseMaildirName(basename(message.path)).base;
}

/** Stored files whose recorded server id (and size) a candidate UID has: nothing to fetch. */
function rematchByEmailId(
  storedIds: StoredIds,
  orphans: readonly StoredMessage[],
  candidates: readonly number[],
  emailIds: ReadonlyMap<number, string>,
): Map<number, StoredMessage> {
  const byId = new Map<string, StoredMessage>();
  for (const message of orphans) {
    const copy = storedIds.copyAt(message.path);
    if (copy !== undefined && copy.size === message.size) byId.set(copy.id, message);
  }
  const matched = new Map<number, StoredMessage>();
  for (const uid of candidates) {
    const id = emailIds.get(uid);
    const message = id === undefined ? undefined : byId.get(id);
    if (message === undefined) continue;
    matched.set(uid, message);
    byId.delete(id!);
  }
  return matched;
}

/**
 * Match stored files from an old UIDVALIDITY to server UIDs: by Message-ID and size, and for
 * messages without a Message-ID by size and then the SHA-256 of the server's bytes.
 */
async function rematch(
  session: RemoteSession,
  orphans: StoredMessage[],
  candidates: number[],
): Promise<Map<number, StoredMessage>> {
  const matched = new Map<number, StoredMessage>();
  if (orphans.length === 0 || candidates.length === 0) return matched;
  const byId = new Map<string, StoredMessage[]>();
  const withoutId = new Map<number, StoredMessage[]>();
  for (const message of orphans) {
    const id = await readLocalMessageId(message.path);
    if (id === null) withoutId.set(message.size, [...(withoutId.get(message.size) ?? []), message]);
    else byId.set(`${id}\0${message.size}`, [...(byId.get(`${id}\0${message.size}`) ?? []), message]);
  }
  const remote = await session.fetchMessageIds(candidates);
  const bySize: number[] = [];
  for (const uid of candidates) {
    const info = remote.get(uid);
    if (info === undefined) continue;
    if (info.messageId === null) {
      if (withoutId.has(info.size) && info.size <= FETCH_LIMITS.streamAbove) bySize.push(uid);
      continue;
    }
    const message = byId.get(`${info.messageId}\0${info.size}`)?.shift();
    if (message !== undefined) matched.set(uid, message);
  }
  for (const body of bySize.length > 0 ? await session.fetchBodies(bySize) : []) {
    if (!Buffer.isBuffer(body.body)) continue;
    const digest = sha256(body.body);
    const queue = withoutId.get(body.body.length) ?? [];
    for (const [i, message] of queue.entries()) {
      if (sha256(serverForm(await readFile(message.path))) !== digest) continue;
      matched.set(body.uid, message);
      queue.splice(i, 1);
      break;
    }
  }
  return matched;
}

async function readLocalMessageId(path: string): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_READ_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_READ_BYTES, 0);
    return parseMessageIdHeader(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
