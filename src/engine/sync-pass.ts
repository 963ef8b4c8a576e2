// One pass: the chosen accounts synced side by side, and the summary of what they did.
import type { AccountConfig } from '../config/types.js';
import type { AccountResult, AccountRunOptions } from './account-pass.js';
import type { EngineOptions } from './engine.js';
import type { SyncErrorInfo, SyncSummary, SyncTarget } from './events.js';
import { addCounts, noCounts } from './mailbox-counts.js';
import { accountRuns } from './pass-order.js';
import { syncAccount } from './sync-account.js';

/**
 * Exit code of a pass: 2 = an account failed fatally, 1 = some mailboxes (or a whole account on a
 * full disk) failed or a message was skipped (one deleted on the server meanwhile is no loss), 0 = all synced.
 */
export function exitCodeOf(results: readonly AccountResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.fatal)) return 2;
  const lost = results.some((r) => r.failed.length > 0 || skippedMessages(r.errors) > 0);
  return lost ? 1 : 0;
}

/** Messages a pass skipped and did not store, but for those deleted on the server meanwhile. */
export function skippedMessages(errors: readonly SyncErrorInfo[]): number {
  return errors.filter((e) => e.scope === 'message' && e.code !== 'MESSAGE_GONE').length;
}

type PassTools = Pick<AccountRunOptions, 'connect' | 'emit' | 'clock' | 'sleep' | 'isStopping'>;

/** Syncs every account `targets` names (all when undefined) and sums up; emits all but the summary. */
export async function syncPass(
  pass: number,
  options: EngineOptions,
  targets: SyncTarget[] | undefined,
  tools: PassTools,
): Promise<SyncSummary> {
  const started = tools.clock();
  tools.emit({ type: 'pass-start', pass, ...(targets !== undefined ? { targets } : {}), at: started });
  const chosen = options.accounts.filter((a) => targets === undefined || targets.some((t) => t.account === a.name));
  const syncOne = (account: AccountConfig): Promise<AccountResult> => {
    const forAccount = targets?.filter((t) => t.account === account.name);
    const whole = forAccount === undefined || forAccount.some((t) => t.mailbox === undefined);
    return syncAccount(account, {
      ...tools,
      allowMassDelete: options.allowMassDelete ?? false,
      ...(whole ? {} : { mailboxes: [...new Set(forAccount.map((t) => t.mailbox!))] }),
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.random !== undefined ? { random: options.random } : {}),
      ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
      ...(options.index !== undefined ? { index: options.index } : {}),
    });
  };
  // Accounts that may write the same folders take turns (pass-order.ts); the others go side by side.
  const done = new Map<AccountConfig, AccountResult>();
  await Promise.all(
    accountRuns(chosen).map(async (run) => {
      for (const account of run) done.set(account, await syncOne(account));
    }),
  );
  const results = chosen.map((account) => done.get(account)!);
  return {
    pass,
    accounts: chosen.length,
    mailboxes: results.reduce((n, r) => n + r.mailboxes, 0),
    mailboxesFailed: results.flatMap((r) => r.failed),
    ...results.reduce((sum, r) => addCounts(sum, r.totals), noCounts()),
    errors: results.flatMap((r) => r.errors),
    elapsedMs: tools.clock() - started,
    exitCode: exitCodeOf(results),
  };
}
