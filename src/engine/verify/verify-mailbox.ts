// One mailbox's verification, read-only on both sides: EXAMINE and `UID FETCH 1:* (RFC822.SIZE)`
// on the server, a listing and stats of the folder, then the bytes of the messages that need it
// (all with --deep, resumed from the UIDs an unfinished run matched). Its outcome is recorded in
// the state dir for the app (verify-record.ts).
import type { AccountConfig } from '../../config/types.js';
import { localMailboxDir } from '../adopt-maildir.js';
import type { RemoteMailbox, RemoteSession } from '../remote.js';
import { mailboxStateStore } from '../state-store.js';
import { checkBodies, type BodyToCheck, type BodyVerdict } from './body-check.js';
import { compareMailbox, type MailboxComparison } from './compare-mailbox.js';
import { localCopies, type LocalCopy } from './local-copies.js';
import type { VerifyEvent, VerifyProblemKind } from './verify-events.js';
import {
  clearDeepProgress,
  loadDeepProgress,
  loadVerification,
  saveDeepProgress,
  saveVerification,
  type VerificationSummary,
} from './verify-record.js';

export interface VerifyMailboxContext {
  account: AccountConfig;
  session: RemoteSession;
  mailbox: RemoteMailbox;
  deep: boolean;
  emit: (event: VerifyEvent) => void;
  clock: () => number;
}

/** How often an unfinished --deep run records the UIDs it matched. */
const DEEP_SAVE_MS = 5_000;

export async function verifyMailbox(ctx: VerifyMailboxContext): Promise<VerificationSummary> {
  const { account, session, mailbox } = ctx;
  const examined = await session.examine(mailbox);
  const listing = examined.messages > 0 ? await session.fetchUidsAndFlags('1:*') : [];
  const uidValidity = examined.uidValidity;
  const saved = (await mailboxStateStore(account.stateDir).load(mailbox.name)).state;
  const adopted = saved?.uidValidity === uidValidity ? (saved.adopted ?? {}) : {};
  const local = await localCopies(await localMailboxDir(account, mailbox), uidValidity, adopted);
  const prior = loadVerification(account.stateDir, mailbox.name);
  const sizeLies = prior?.uidValidity === uidValidity ? { ...prior.sizeLies } : {};
  const found = compareMailbox(listing, local, sizeLies);

  const problem = (kind: VerifyProblemKind, uid: number, file?: string) =>
    ctx.emit({
      type: 'verify-problem',
      account: account.name,
      mailbox: mailbox.name,
      kind,
      uid,
      ...(file !== undefined ? { file } : {}),
    });
  for (const uid of found.missing) problem('missing', uid);
  for (const copy of found.damaged) problem('damaged', copy.uid, copy.path);
  if (found.extra.length > 0) note(ctx, `${found.extra.length} kept locally, no longer on the server (archive)`);

  const differing = await compareBytes(ctx, found, uidValidity, sizeLies, (copy) =>
    problem('differs', copy.uid, copy.path),
  );
  const summary: VerificationSummary = {
    at: ctx.clock(),
    deep: ctx.deep,
    server: listing.length,
    stored: local.size,
    missing: found.missing.length,
    differing: found.damaged.length + differing,
    extra: found.extra.length,
  };
  await saveVerification(account.stateDir, { version: 1, mailbox: mailbox.name, uidValidity, sizeLies, ...summary });
  ctx.emit({
    type: 'mailbox-verified',
    account: account.name,
    mailbox: mailbox.name,
    verification: summary,
    at: summary.at,
  });
  return summary;
}

function note(ctx: VerifyMailboxContext, message: string): void {
  ctx.emit({ type: 'verify-note', account: ctx.account.name, mailbox: ctx.mailbox.name, message });
}

/**
 * Fetches and hashes what must be compared: every intact copy with --deep (minus those an
 * unfinished run matched), else only the size suspects. Returns how many differ; a size suspect
 * that matches becomes a known lie of the server.
 */
async function compareBytes(
  ctx: VerifyMailboxContext,
  found: MailboxComparison,
  uidValidity: number,
  sizeLies: Record<string, number>,
  differs: (copy: LocalCopy) => void,
): Promise<number> {
  const { stateDir } = ctx.account;
  const name = ctx.mailbox.name;
  const matched = ctx.deep ? loadDeepProgress(stateDir, name, uidValidity) : new Set<number>();
  const items: BodyToCheck[] = found.paired
    .filter(({ copy }) => (ctx.deep ? !matched.has(copy.uid) : found.sizeSuspects.has(copy.uid)))
    .map(({ copy, server }) => ({ copy, size: server.size }));
  if (items.length === 0) {
    if (ctx.deep) await clearDeepProgress(stateDir, name);
    return 0;
  }
  const byUid = new Map(found.paired.map((p) => [p.copy.uid, p]));
  const progress = progressReporter(ctx, items);
  let differing = 0;
  let rewritten = 0;
  let lastSave = ctx.clock();
  const onVerdict = (verdict: BodyVerdict, bytes: number) => {
    progress(bytes);
    if (verdict.result === 'gone') return;
    const { copy, server } = byUid.get(verdict.uid)!;
    if (verdict.result === 'differs') {
      differing += 1;
      differs(copy);
      return;
    }
    matched.add(verdict.uid);
    if (verdict.rewritten) {
      rewritten += 1;
      sizeLies[verdict.uid] = server.size;
    } else if (server.size !== verdict.length && sizeLies[verdict.uid] !== server.size) {
      sizeLies[verdict.uid] = server.size;
      note(ctx, `UID ${verdict.uid}: the server announces ${server.size} bytes and sends ${verdict.length}, as stored`);
    }
  };
  const afterBatch = async () => {
    if (!ctx.deep || ctx.clock() - lastSave < DEEP_SAVE_MS) return;
    lastSave = ctx.clock();
    await saveDeepProgress(stateDir, { mailbox: name, uidValidity, matched: [...matched] });
  };
  await checkBodies(ctx.session, items, onVerdict, afterBatch);
  if (ctx.deep) await clearDeepProgress(stateDir, name);
  if (rewritten > 0) {
    const lines = 'the header lines an mbox server rewrites with their flags (Status, X-UID, X-Keywords …)';
    note(ctx, `${rewritten} messages are as stored but for ${lines}`);
  }
  return differing;
}

function progressReporter(ctx: VerifyMailboxContext, items: readonly BodyToCheck[]): (bytes: number) => void {
  const bytesTotal = items.reduce((sum, item) => sum + item.size, 0);
  let messagesDone = -1;
  let bytesDone = 0;
  const report = (bytes: number) => {
    messagesDone += 1;
    bytesDone += bytes;
    ctx.emit({
      type: 'verify-progress',
      account: ctx.account.name,
      mailbox: ctx.mailbox.name,
      messagesDone,
      messagesTotal: items.length,
      bytesDone,
      bytesTotal,
      at: ctx.clock(),
    });
  };
  // The start, so the rate and the ETA count the first batch's time too.
  report(0);
  return report;
}
