// `mailkeep verify` and the app's `V`: each account over one read-only session (LIST, then each
// chosen mailbox in turn), each mailbox compared by verify-mailbox.ts. No lock is taken: nothing
// is changed; a sync running meanwhile may make a message look missing until it is stored.
import type { AccountConfig } from '../../config/types.js';
import { backoffDelay } from '../backoff.js';
import { classifyError } from '../errors.js';
import type { SyncErrorInfo, SyncTarget } from '../events.js';
import { connectImap } from '../imap/connect.js';
import { isWanted, names, withInbox } from '../list-account.js';
import type { RemoteConnector, RemoteMailbox, RemoteSession } from '../remote.js';
import { applyRemotePrefix, listScope, withNamespacePrefix } from '../remote-prefix.js';
import { listVanishedMailboxes, vanishedNotice } from '../vanished-mailboxes.js';
import type { VerifyEvent, VerifyTotals } from './verify-events.js';
import { verifyMailbox } from './verify-mailbox.js';

export interface VerifyOptions {
  accounts: readonly AccountConfig[];
  /** Accounts or mailboxes to verify; empty = every account's chosen mailboxes. */
  targets: readonly SyncTarget[];
  deep: boolean;
  emit: (event: VerifyEvent) => void;
  connect?: RemoteConnector;
  clock?: () => number;
}

/** Connections lost (or servers asking to wait) an account's verification rides out before it gives up. */
const MAX_CUTS = 4;

/** Verifies the targets; the exit code is 0 complete, 1 something missing or differing, 2 something not verified. */
export async function verifyAccounts(options: VerifyOptions): Promise<VerifyTotals & { exitCode: 0 | 1 | 2 }> {
  const totals: VerifyTotals = {
    mailboxes: 0,
    server: 0,
    stored: 0,
    missing: 0,
    differing: 0,
    extra: 0,
    gone: 0,
    failed: 0,
  };
  for (const account of options.accounts) {
    const asked = options.targets.filter((t) => t.account === account.name);
    if (options.targets.length > 0 && asked.length === 0) continue;
    const whole = asked.length === 0 || asked.some((t) => t.mailbox === undefined);
    const mailboxes = whole ? undefined : asked.map((t) => t.mailbox!);
    await verifyAccount(account, mailboxes, options, totals);
  }
  const exitCode = totals.failed > 0 ? 2 : totals.missing + totals.differing > 0 ? 1 : 0;
  return { ...totals, exitCode };
}

async function verifyAccount(
  configured: AccountConfig,
  mailboxes: string[] | undefined,
  options: VerifyOptions,
  totals: VerifyTotals,
): Promise<void> {
  const clock = options.clock ?? Date.now;
  const report = (error: SyncErrorInfo) => {
    totals.failed += 1;
    options.emit({ type: 'error', error, at: clock() });
  };
  const connect = () => (options.connect ?? connectImap)(configured);
  let session: RemoteSession | undefined;
  try {
    session = await connect();
    const account = await withNamespacePrefix(configured, session);
    const listed = applyRemotePrefix(withInbox(await session.list(undefined, listScope(account))), account);
    const chosen = listed.filter((m) => isWanted(account, mailboxes, m));
    if (mailboxes === undefined) await tellVanished(account, listed, options, totals);
    for (const name of mailboxes ?? []) {
      if (chosen.some((m) => names(name, m))) continue;
      const message = `no mailbox named ${name} on ${account.host}`;
      report({
        code: 'MAILBOX_NOT_FOUND',
        scope: 'mailbox',
        retry: 'final',
        account: account.name,
        mailbox: name,
        message,
      });
    }
    const run = { account, options, totals, report, connect, cuts: 0 };
    for (const [i, mailbox] of chosen.entries()) {
      const outcome = await verifyRidingOutCuts(run, mailbox, session);
      session = outcome.session;
      if (outcome.givenUp) {
        // The rest are not verified either: counted so, not told one by one.
        totals.failed += chosen.length - i - 1;
        throw new AccountGivenUp();
      }
    }
  } catch (error) {
    if (!(error instanceof AccountGivenUp))
      report(classifyError(error, { account: configured.name, host: configured.host }));
  } finally {
    await session?.close().catch(() => undefined);
  }
}

interface AccountRun {
  account: AccountConfig;
  options: VerifyOptions;
  totals: VerifyTotals;
  report: (error: SyncErrorInfo) => void;
  connect: () => Promise<RemoteSession>;
  /** Connections lost so far in the account's verification. */
  cuts: number;
}

/**
 * Verifies one mailbox; a lost connection or a server asking to wait is waited out (backing off,
 * told as `paused`) and the mailbox verified again on a new session, as sync does, up to
 * MAX_CUTS an account. `givenUp`: an error that ends the account, reported.
 */
async function verifyRidingOutCuts(
  run: AccountRun,
  mailbox: RemoteMailbox,
  current: RemoteSession | undefined,
): Promise<{ session: RemoteSession | undefined; givenUp: boolean }> {
  const { account, options, totals } = run;
  const clock = options.clock ?? Date.now;
  let session = current;
  for (;;) {
    try {
      session ??= await run.connect();
      const summary = await verifyMailbox({ account, session, mailbox, deep: options.deep, emit: options.emit, clock });
      totals.mailboxes += 1;
      totals.server += summary.server;
      totals.stored += summary.stored;
      totals.missing += summary.missing;
      totals.differing += summary.differing;
      totals.extra += summary.extra;
      return { session, givenUp: false };
    } catch (error) {
      const info = classifyError(error, { account: account.name, mailbox: mailbox.name, host: account.host });
      if (info.retry !== 'wait' || run.cuts >= MAX_CUTS) {
        run.report(info);
        return { session, givenUp: info.scope === 'account' };
      }
      await session?.close().catch(() => undefined);
      session = undefined;
      const delayMs = backoffDelay(run.cuts++);
      const where = { account: account.name, mailbox: mailbox.name };
      options.emit({ type: 'paused', ...where, until: clock() + delayMs, reason: info.message, at: clock() });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** Mailboxes the backup holds and the server no longer lists: one note each, nothing changed. */
async function tellVanished(
  account: AccountConfig,
  listed: readonly RemoteMailbox[],
  options: VerifyOptions,
  totals: VerifyTotals,
): Promise<void> {
  for (const gone of await listVanishedMailboxes(account, listed)) {
    totals.gone += 1;
    options.emit({
      type: 'verify-note',
      account: account.name,
      mailbox: gone.name,
      message: `${vanishedNotice(gone)}; not verified`,
    });
  }
}

/** An account-wide error already reported for a mailbox: the account's other mailboxes are not tried. */
class AccountGivenUp extends Error {}
