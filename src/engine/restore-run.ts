// `mailkeep restore`'s pass: every folder of a Maildir tree into one account, each folder on the
// session in turn. Failures are handled as sync handles them (errors.ts, mailbox-retries.ts): a
// wait-class error (throttling, BYE, a dropped connection) backs off and redoes the folder on a
// new session, which appends only what the server still lacks; a final one ends the folder, or
// the run when it is the account's (login, TLS).
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountConfig } from '../config/types.js';
import { accountConnection } from './account-pass.js';
import { formatCount } from '../text/format-progress.js';
import { classifyError, SyncError } from './errors.js';
import type { SyncErrorInfo } from './events.js';
import { connectImapWriter } from './imap/connect.js';
import { connectWithRetry, pause, type RetryOptions } from './mailbox-retries.js';
import type { RemoteMailbox, RemoteNamespaces } from './remote.js';
import type { RemoteWriter, RemoteWriterConnector } from './remote-writer.js';
import type { RestoreCounts, RestoreEvent, RestoreSummary } from './restore-events.js';
import { restoreFolder, type FolderJob, type FolderRun } from './restore-folder.js';
import { foreignNamespace, prefixProblem, targetMailbox } from './restore-names.js';
import { TargetOverQuota } from './restore-refusals.js';
import { listSourceFolders, type SourceFolder } from './restore-source.js';

export interface RestoreOptions {
  account: AccountConfig;
  source: string;
  /** `/`-separated folder the tree goes under on the target; none = the same names. */
  prefix?: string;
  dryRun: boolean;
  emit: (event: RestoreEvent) => void;
  connect?: RemoteWriterConnector;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Aborted (^C, SIGTERM): no folder starts, a wait or a connect under way ends at once. */
  stop?: AbortSignal;
  /** Attempts per folder (and per connect) before it is given up (default 6). */
  maxAttempts?: number;
  backoffBaseMs?: number;
  random?: () => number;
}

interface RestorePass extends Omit<RetryOptions, 'emit'>, FolderRun {
  account: AccountConfig;
  connect: RemoteWriterConnector;
  totals: RestoreCounts;
  foldersFailed: string[];
  foldersLeftOut: string[];
  /** The target refused a message or a folder for its quota: nothing more is sent to it. */
  overQuota?: { refusal: TargetOverQuota; notRestored: number };
}

const zero = (): RestoreCounts => ({ appended: 0, skipped: 0, failed: 0, wouldAppend: 0, bytes: 0 });

export async function runRestore(options: RestoreOptions): Promise<RestoreSummary> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const pass: RestorePass = {
    ...options,
    connect: options.connect ?? ((account) => connectImapWriter(account, { stop: options.stop })),
    clock,
    // A stop ends the wait (the AbortError is the end of it, not a failure).
    sleep:
      options.sleep ??
      ((ms) => sleep(ms, undefined, options.stop ? { signal: options.stop } : {}).catch(() => undefined)),
    isStopping: () => options.stop?.aborted === true,
    connection: accountConnection(options.account.name, options.emit, clock),
    totals: zero(),
    foldersFailed: [],
    foldersLeftOut: [],
  };
  let folders: SourceFolder[] = [];
  let fatal = false;
  let session: RemoteWriter | undefined;
  try {
    folders = await listSourceFolders(options.source);
    session = await connectWithRetry(options.account, pass);
    const listed = await session.list();
    const delimiter = (listed.find((m) => m.name.toUpperCase() === 'INBOX') ?? listed[0])?.delimiter ?? '/';
    checkPrefix(options, delimiter);
    const existing = new Map(listed.filter((m) => m.selectable).map((m) => [m.name, m]));
    const namespaces = (await session.namespaces?.().catch(() => undefined)) ?? NO_NAMESPACES;
    const names: TargetNames = { delimiter, existing, prefix: options.prefix, namespaces };
    for (const [i, folder] of folders.entries()) {
      if (pass.isStopping()) break;
      session = await restoreWithRetries(session, folder, names, pass);
      if (pass.overQuota !== undefined) {
        stopForQuota(pass, folders.slice(i + 1));
        break;
      }
    }
  } catch (error) {
    const info = classifyError(error, { account: options.account.name, host: options.account.host });
    // A connect the stop cut short is told as the stop below.
    if (!(info.code === 'STOPPED' && pass.isStopping())) {
      fatal = true;
      options.emit({ type: 'error', error: info, at: clock() });
    }
  } finally {
    await session?.close().catch(() => undefined);
    pass.connection.set('closed');
  }
  const { totals, foldersFailed, foldersLeftOut } = pass;
  const stopped = !fatal && pass.isStopping();
  if (stopped) {
    const info = classifyError(
      new SyncError('STOPPED', 'account', 'final', 'stopped before the end; run it again to go on'),
      where(pass),
    );
    options.emit({ type: 'error', error: info, at: clock() });
  }
  const exitCode = fatal ? 2 : stopped || totals.failed > 0 || foldersFailed.length > 0 ? 1 : 0;
  const summary: RestoreSummary = {
    account: options.account.name,
    folders: folders.length,
    foldersFailed,
    foldersLeftOut,
    dryRun: options.dryRun,
    elapsedMs: clock() - started,
    exitCode,
    ...totals,
  };
  options.emit({ type: 'restore-summary', summary, at: clock() });
  return summary;
}

/** A PREFIX with the server's delimiter in a part can hold no folder there: the run stops with one line. */
function checkPrefix({ prefix, account }: RestoreOptions, delimiter: string): void {
  const problem = prefix !== undefined ? prefixProblem(prefix, delimiter) : undefined;
  if (problem === undefined) return;
  const message = `--to ${account.name}:${prefix}: no folder can be named so on ${account.host}: ${problem}`;
  throw new SyncError('MAILBOX_NAME', 'account', 'final', message);
}

interface TargetNames {
  delimiter: string | null;
  /** The selectable mailboxes by name, as listed (with the server's spelling of each). */
  existing: Map<string, RemoteMailbox>;
  prefix: string | undefined;
  /** The server's NAMESPACE answer (none named where it has none). */
  namespaces: RemoteNamespaces;
}

const NO_NAMESPACES: RemoteNamespaces = { personal: [], otherUsers: [], shared: [] };

/** Where a folder goes, why it cannot, or why it is left alone (another user's or a shared folder). */
function folderTarget(
  folder: SourceFolder,
  names: TargetNames,
): RemoteMailbox | { problem: string } | { skip: string } {
  if (folder.problem) return { problem: folder.problem };
  const target = targetMailbox(folder.name, names.prefix, names.delimiter, names.namespaces.personal[0]);
  if ('problem' in target) return target;
  const foreign = foreignNamespace(target, names.namespaces);
  return foreign === undefined ? target : { skip: foreign };
}

/** One folder, redone on a new session after a wait-class failure; returns the session to go on with. */
async function restoreWithRetries(
  session: RemoteWriter | undefined,
  folder: SourceFolder,
  names: TargetNames,
  pass: RestorePass,
): Promise<RemoteWriter | undefined> {
  const target = folderTarget(folder, names);
  if ('skip' in target) {
    pass.foldersLeftOut.push(folder.name);
    pass.emit({ type: 'restore-folder-skipped', folder: folder.name, reason: target.skip, at: pass.clock() });
    return session;
  }
  if ('problem' in target) {
    const message = `folder ${folder.name} cannot be restored: ${target.problem}`;
    failFolder(folder, classifyError(new SyncError('MAILBOX_NAME', 'mailbox', 'final', message), where(pass)), pass);
    addFolderTotals(folder, new Map(), true, pass);
    return session;
  }
  const at = pass.clock();
  pass.emit({ type: 'restore-folder', folder: folder.name, target: target.name, files: folder.files.length, at });
  const listed = names.existing.get(target.name);
  const job: FolderJob = {
    source: folder,
    target: listed ?? target,
    exists: listed !== undefined,
    outcomes: new Map(),
  };
  const maxAttempts = pass.maxAttempts ?? 6;
  let current = session;
  let failed = false;
  for (let attempt = 0; ; attempt++) {
    try {
      current ??= await connectWithRetry(pass.account, pass);
      await restoreFolder(current, job, pass);
      break;
    } catch (error) {
      if (error instanceof TargetOverQuota) {
        pass.overQuota = { refusal: error, notRestored: folder.files.filter((f) => !job.outcomes.has(f.path)).length };
        failed = true;
        break;
      }
      const info = classifyError(error, { ...where(pass), mailbox: target.name });
      if (info.scope === 'account' && info.retry === 'final') throw error;
      await current?.close().catch(() => undefined);
      current = undefined;
      if (info.retry === 'final' || attempt + 1 >= maxAttempts || pass.isStopping()) {
        failFolder(folder, info, pass);
        failed = !pass.isStopping();
        break;
      }
      await pause(pass.account, target.name, info.message, attempt, pass);
    }
  }
  if (job.exists) names.existing.set(target.name, job.target);
  const counts = addFolderTotals(folder, job.outcomes, failed, pass);
  pass.emit({ type: 'restore-folder-done', folder: folder.name, target: target.name, ...counts, at: pass.clock() });
  return current;
}

const where = (pass: RestorePass) => ({ account: pass.account.name, host: pass.account.host });

/**
 * The one line of a run stopped by the target's quota: where it stopped, and how many messages
 * it left out (those after it in the folder and in every folder after it, counted as failed).
 */
function stopForQuota(pass: RestorePass, later: SourceFolder[]): void {
  const { refusal, notRestored: leftHere } = pass.overQuota!;
  const leftLater = later.filter((folder) => folder.files.length > 0);
  const notRestored = leftLater.reduce((n, folder) => n + folder.files.length, leftHere);
  pass.totals.failed += notRestored - leftHere;
  pass.foldersFailed.push(refusal.folder, ...leftLater.map((folder) => folder.name));
  const { name, user, host } = pass.account;
  const at =
    refusal.file === undefined
      ? `at folder ${refusal.folder}, which it refused to create`
      : `in ${refusal.folder} at ${refusal.file}`;
  const messages = `${formatCount(notRestored)} message${notRestored === 1 ? '' : 's'}`;
  const message = `${name} (${user ? `${user}@` : ''}${host}) is over its quota: restore stopped ${at} (${refusal.said}); ${messages} not restored: free space there and run restore again`;
  const info = classifyError(new SyncError('OVER_QUOTA', 'account', 'final', message), where(pass));
  pass.emit({ type: 'error', error: info, at: pass.clock() });
}

function failFolder(folder: SourceFolder, info: SyncErrorInfo, pass: RestorePass): void {
  pass.emit({ type: 'error', error: info, at: pass.clock() });
  pass.foldersFailed.push(folder.name);
}

function folderCounts(outcomes: FolderJob['outcomes']): RestoreCounts {
  const counts = zero();
  for (const { outcome, bytes } of outcomes.values()) {
    if (outcome === 'would-append') counts.wouldAppend++;
    else counts[outcome]++;
    if (outcome === 'appended' || outcome === 'would-append') counts.bytes += bytes;
  }
  return counts;
}

/**
 * Adds a folder's outcomes to the totals, and returns them; in a folder that failed, a file never
 * reached counts as failed.
 */
function addFolderTotals(
  folder: SourceFolder,
  outcomes: FolderJob['outcomes'],
  failed: boolean,
  pass: RestorePass,
): RestoreCounts {
  const counts = folderCounts(outcomes);
  if (failed) counts.failed += folder.files.filter((file) => !outcomes.has(file.path)).length;
  for (const key of Object.keys(counts) as (keyof RestoreCounts)[]) pass.totals[key] += counts[key];
  return counts;
}
