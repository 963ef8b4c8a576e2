// The start of an account's pass: LIST (with STATUS where the server has LIST-STATUS), the
// mailboxes the patterns or the command line pick, each one's state and plan read while the
// listing streams in, the sessions it will need opened meanwhile, and the queue, costliest first.
import type { AccountConfig } from '../config/types.js';
import type { AccountPass, QueuedMailbox } from './account-pass.js';
import { reportMailbox } from './mailbox-outcome.js';
import { noCounts } from './mailbox-counts.js';
import { isMailboxSelected } from './patterns.js';
import {
  DOWNLOADS_PER_LOCAL_SESSION,
  estimatedWork,
  expectedDownloads,
  sessionsWanted,
  type SessionNeeds,
} from './plan-mailbox.js';
import { canPipeline, prepareMailbox, type PreparedMailbox } from './prepare-mailbox.js';
import type { RemoteMailbox, RemoteSession, RemoteStatus } from './remote.js';
import { applyRemotePrefix, listScope } from './remote-prefix.js';
import { findVanishedMailboxes, vanishedNotice } from './vanished-mailboxes.js';
import { lastVerification } from './verify/verify-record.js';

/** Work done while the listing streams in. */
export interface WhileListing {
  onListed: (mailbox: RemoteMailbox) => void;
  /** Each wanted mailbox listed with its STATUS, prepared, by name. */
  prepared: Map<string, Promise<PreparedMailbox>>;
  /** Sessions opened and not yet taken by a worker. */
  spares: Promise<RemoteSession>[];
  /** Every session opened, taken or not. */
  opened: Promise<RemoteSession>[];
  /** No session is opened from now on. */
  listingDone: () => void;
}

/** A name asked for on the command line; INBOX in any case. */
export function names(name: string, m: RemoteMailbox): boolean {
  return name === m.name || (name.toUpperCase() === 'INBOX' && m.name === 'INBOX');
}

function wanted(account: AccountConfig, pass: AccountPass, m: RemoteMailbox): boolean {
  return isWanted(account, pass.mailboxes, m);
}

/** Whether a pass over `mailboxes` (undefined: the account's patterns) takes this listed mailbox. */
export function isWanted(account: AccountConfig, mailboxes: readonly string[] | undefined, m: RemoteMailbox): boolean {
  if (!m.selectable) return false;
  return mailboxes ? mailboxes.some((name) => names(name, m)) : isMailboxSelected(m.name, account.patterns);
}

/**
 * While the listing streams in (LIST-STATUS): each wanted mailbox is prepared, and the sessions
 * that the mailboxes seen so far call for (sessionsWanted) are opened, so the workers find them
 * ready when the listing ends. A pass of small changes opens no other connection.
 */
export function prepareWhileListing(
  account: AccountConfig,
  pass: AccountPass,
  connect: () => Promise<RemoteSession>,
): WhileListing {
  const prepared = new Map<string, Promise<PreparedMailbox>>();
  const spares: Promise<RemoteSession>[] = [];
  const opened: Promise<RemoteSession>[] = [];
  const needs: SessionNeeds = { pipelinable: 0, needSession: 0, downloads: 0 };
  let listingDone = false;
  const onListed = (listed: RemoteMailbox) => {
    const [mailbox] = applyRemotePrefix([listed], account);
    const status = mailbox?.status;
    if (mailbox === undefined || status === undefined || prepared.has(mailbox.name)) return;
    if (!wanted(account, pass, mailbox)) return;
    const ready = prepareMailbox(account, mailbox, status, pass.states);
    prepared.set(mailbox.name, ready);
    ready.then(
      (one) => {
        if (one.plan.kind === 'skip') return;
        pass.index?.expectMail?.();
        countNeeds(needs, one, status, account, pass);
        const sessions = () => sessionsWanted(needs, account.concurrency, pass.server);
        while (!listingDone && !pass.isStopping() && opened.length + 1 < sessions()) {
          const session = connect();
          // Taken (or settled) only once the listing is done: a refusal meanwhile is not left unheard.
          session.catch(() => undefined);
          opened.push(session);
          spares.push(session);
        }
      },
      () => undefined,
    );
  };
  return { onListed, prepared, spares, opened, listingDone: () => void (listingDone = true) };
}

/**
 * A LIST of nothing at all (a server's fault: INBOX is listed where it exists, RFC 3501 §6.3.8)
 * gets INBOX, for the patterns to take: it is synced (and verified), or its EXAMINE says what is
 * wrong, where the pass would have ended fine with nothing synced. mbsync syncs it too (its Maildir
 * side lists it).
 */
export function withInbox(listed: RemoteMailbox[]): RemoteMailbox[] {
  if (listed.length > 0) return listed;
  return [{ path: 'INBOX', delimiter: null, name: 'INBOX', selectable: true }];
}

/** Lists the account and reports what was picked (and what was asked for but is not there). */
export async function listAccount(
  account: AccountConfig,
  session: RemoteSession,
  whileListing: WhileListing,
  pass: AccountPass,
): Promise<RemoteMailbox[]> {
  const { emit, clock } = pass;
  let listed: RemoteMailbox[];
  try {
    listed = applyRemotePrefix(withInbox(await session.list(whileListing.onListed, listScope(account))), account);
  } finally {
    whileListing.listingDone();
  }
  const selected = listed.filter((m) => wanted(account, pass, m));
  for (const name of pass.mailboxes ?? []) {
    if (selected.some((m) => names(name, m))) continue;
    pass.report({
      code: 'MAILBOX_NOT_FOUND',
      scope: 'mailbox',
      retry: 'final',
      account: account.name,
      mailbox: name,
      message: `no mailbox named ${name} on ${account.host}`,
    });
    pass.result.failed.push(`${account.name}:${name}`);
  }
  if (pass.mailboxes === undefined) {
    for (const gone of await findVanishedMailboxes(account, listed)) {
      emit({ type: 'notice', account: account.name, mailbox: gone.name, message: vanishedNotice(gone), at: clock() });
    }
  }
  emit({ type: 'mailboxes', account: account.name, mailboxes: selected.map((m) => m.name), at: clock() });
  for (const { name } of selected) {
    emit({ type: 'mailbox-phase', account: account.name, mailbox: name, phase: 'queued', at: clock() });
    const verification = lastVerification(account.stateDir, name);
    if (verification)
      emit({ type: 'mailbox-verified', account: account.name, mailbox: name, verification, at: clock() });
  }
  pass.result.mailboxes = selected.length;
  return selected;
}

/**
 * The mailboxes to sync, costliest first, and how many of them can be pipelined. LIST-STATUS
 * already tells which are unchanged (with their folders untouched): those need no session at all
 * and are reported done here. One without STATUS (no LIST-STATUS) cannot be pipelined.
 */
export async function queueMailboxes(
  account: AccountConfig,
  selected: readonly RemoteMailbox[],
  whileListing: WhileListing,
  pass: AccountPass,
): Promise<{ queue: QueuedMailbox[]; needs: SessionNeeds }> {
  // A mailbox that cannot be prepared (a name its folder cannot take) is queued unprepared: its own
  // sync prepares it again and fails alone, instead of failing the account's whole queue.
  const prepared = await Promise.all(
    selected.map(async (m) =>
      m.status !== undefined
        ? (whileListing.prepared.get(m.name) ?? prepareMailbox(account, m, m.status, pass.states)).catch(
            () => undefined,
          )
        : undefined,
    ),
  );
  const queue: QueuedMailbox[] = [];
  const needs: SessionNeeds = { pipelinable: 0, needSession: 0, downloads: 0 };
  for (const [i, mailbox] of selected.entries()) {
    const ready = prepared[i];
    if (ready?.plan.kind === 'skip') {
      reportMailbox(account, mailbox, { ...noCounts(), upToDate: true, failed: false }, pass);
      continue;
    }
    queue.push({ mailbox, ...(ready !== undefined ? { prepared: ready } : {}) });
    if (ready !== undefined) countNeeds(needs, ready, mailbox.status!, account, pass);
    else {
      // No STATUS yet, so no idea of its downloads: worth a session of its own, as on any server.
      needs.needSession += 1;
      needs.downloads += DOWNLOADS_PER_LOCAL_SESSION;
    }
  }
  // Costliest first (stable, so the listing's order otherwise), so no big one runs alone at the end;
  // All Mail last: its messages are the labels' too, so once they are stored it downloads only
  // the unlabelled ones (a daily budget then goes to the labelled mail first).
  const work = new Map(queue.map((q) => [q, estimatedWork(q.prepared?.saved ?? null, q.mailbox.status)]));
  const last = (q: QueuedMailbox) => Number(q.mailbox.allMail === true);
  queue.sort((a, b) => last(a) - last(b) || work.get(b)! - work.get(a)!);
  return { queue, needs };
}

/** Adds a mailbox to be synced to what the pass's mailboxes call for. */
function countNeeds(
  needs: SessionNeeds,
  prepared: PreparedMailbox,
  status: RemoteStatus,
  account: AccountConfig,
  pass: AccountPass,
): void {
  if (canPipeline(prepared, status, account, pass)) {
    needs.pipelinable += 1;
    return;
  }
  needs.needSession += 1;
  needs.downloads += expectedDownloads(prepared.saved, status);
}
