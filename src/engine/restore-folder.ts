// One source folder restored into its target mailbox on one session: created when absent, read
// (restore-index.ts), then each file skipped, appended with its flags and INTERNALDATE (the
// file's mtime), or reported failed. Small messages go in batches (one MULTIAPPEND, or APPENDs
// pipelined); a big one alone, streamed from the file. A refusal for the quota stops the run,
// unless the server's QUOTA numbers show the message bigger than the whole quota: it alone fails.
import { maildirFlagsToImap } from '../maildir/index.js';
import { formatCount } from '../text/format-progress.js';
import { SyncError } from './errors.js';
import { ImapCommandError } from './imap/imap-errors.js';
import type { RemoteMailbox } from './remote.js';
import type { AppendMessage, QuotaStorage, RemoteWriter } from './remote-writer.js';
import type { RestoreEvent, RestoreOutcome } from './restore-events.js';
import { withCrlf } from '../maildir/index.js';
import {
  chunksWithCrlf,
  fileChunks,
  fingerprintFile,
  NotAMessage,
  type MessageFingerprint,
} from './restore-fingerprint.js';
import { EMPTY_INDEX, readTargetIndex } from './restore-index.js';
import { biggerThanQuota, exceededRoot, isQuotaRefusal, isRefusal, TargetOverQuota } from './restore-refusals.js';
import type { SourceFile, SourceFolder } from './restore-source.js';

const BATCH_MESSAGES = 50;
const BATCH_BYTES = 8 * 1024 * 1024;
export interface FolderJob {
  source: SourceFolder;
  target: RemoteMailbox;
  /** The target exists on the server (listed, or created by an earlier attempt). */
  exists: boolean;
  /** Each file's outcome so far, kept across attempts: one appended before a retry stays appended. */
  outcomes: Map<string, { outcome: RestoreOutcome; bytes: number }>;
}

export interface FolderRun {
  dryRun: boolean;
  emit: (event: RestoreEvent) => void;
  clock: () => number;
  isStopping: () => boolean;
}

/**
 * An APPEND answered [TRYCREATE]: the target is gone (deleted since it was listed). The folder's
 * next attempt creates it again and reads what it holds; any other error is left as it is.
 */
function goneOrAsIs(job: FolderJob, error: unknown): unknown {
  if (!(error instanceof ImapCommandError) || error.serverResponseCode !== 'TRYCREATE') return error;
  job.exists = false;
  const message = `${job.target.name} was deleted on the server while it was restored (${error.responseText})`;
  return new SyncError('MAILBOX_FAILED', 'mailbox', 'wait', message);
}

function record(
  run: FolderRun,
  job: FolderJob,
  file: SourceFile,
  outcome: RestoreOutcome,
  bytes: number,
  failure?: { reason: string; messageId: string | null },
): void {
  job.outcomes.set(file.path, { outcome, bytes });
  const at = run.clock();
  const why = failure === undefined ? {} : { reason: failure.reason };
  const id = failure?.messageId != null ? { messageId: failure.messageId } : {};
  run.emit({
    type: 'restore-message',
    folder: job.source.name,
    file: file.relative,
    outcome,
    bytes,
    ...why,
    ...id,
    at,
  });
}

export async function restoreFolder(session: RemoteWriter, job: FolderJob, run: FolderRun): Promise<void> {
  if (!job.exists && !run.dryRun) {
    await createTarget(session, job);
    job.exists = true;
  }
  // Asked before EXAMINE: STATUS of the selected mailbox is discouraged (RFC 3501 §6.3.10).
  const limit = await session.appendLimit(job.target);
  const index = job.exists ? await readTargetIndex(session, job.target) : EMPTY_INDEX;
  const sender = appendQueue(session, job, run);
  for (const file of job.source.files) {
    if (run.isStopping()) break;
    const fingerprint = await readMessageFile(file, job, run);
    if (fingerprint === undefined) continue;
    if (await index.take(fingerprint)) {
      if (job.outcomes.get(file.path)?.outcome !== 'appended') record(run, job, file, 'skipped', 0);
    } else if (limit !== undefined && fingerprint.crlfSize > limit) {
      const sizes = `${formatCount(fingerprint.crlfSize)} bytes, its APPENDLIMIT is ${formatCount(limit)}`;
      const reason = `bigger than the server takes: ${sizes}`;
      record(run, job, file, 'failed', 0, { reason, messageId: fingerprint.messageId });
    } else if (run.dryRun) {
      record(run, job, file, 'would-append', fingerprint.size);
    } else {
      await sender.add(file, fingerprint);
    }
  }
  await sender.flush();
}

/**
 * CREATE; refused (too many folders, no right), the folder is given up at once, not waited out;
 * refused for the account's quota, the run stops there.
 */
async function createTarget(session: RemoteWriter, job: FolderJob): Promise<void> {
  try {
    await session.create(job.target);
  } catch (error) {
    if (isQuotaRefusal(error)) throw new TargetOverQuota(job.source.name, undefined, error.responseText);
    if (!isRefusal(error)) throw error;
    const message = `folder ${job.source.name} cannot be restored: the server refused to create it: ${error.responseText}`;
    throw new SyncError('MAILBOX_FAILED', 'mailbox', 'final', message);
  }
}

/** The file's fingerprint; a file that cannot be read or is no message is reported failed. */
async function readMessageFile(file: SourceFile, job: FolderJob, run: FolderRun) {
  if (file.problem !== undefined) {
    record(run, job, file, 'failed', 0, { reason: file.problem, messageId: null });
    return undefined;
  }
  try {
    return await fingerprintFile(file.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof NotAMessage ? error.message : `cannot read it: ${code ?? (error as Error).message}`;
    record(run, job, file, 'failed', 0, { reason, messageId: null });
    return undefined;
  }
}

function appendQueue(session: RemoteWriter, job: FolderJob, run: FolderRun) {
  let batch: Outgoing[] = [];
  let bytes = 0;
  const flush = async () => {
    const sending = batch;
    batch = [];
    bytes = 0;
    await sendBatch(session, job, run, sending);
  };
  return {
    async add(file: SourceFile, fingerprint: MessageFingerprint) {
      const { body, size, crlfSize, mtime, hasNul, eightBitHeader } = fingerprint;
      // Bare LFs (an mbsync file) go as CRLF: IMAP wants CRLF, and Cyrus refuses "bare newlines".
      const bareLf = crlfSize !== size;
      const streamed = () => (bareLf ? chunksWithCrlf(fileChunks(file.path)) : fileChunks(file.path));
      const message: AppendMessage = {
        flags: maildirFlagsToImap(file.flags),
        internalDate: mtime,
        size: crlfSize,
        hasNul,
        eightBitHeader,
        body: body === undefined ? streamed : bareLf ? withCrlf(body) : body,
      };
      if (body === undefined) {
        await flush();
        return sendBatch(session, job, run, [{ file, message, messageId: fingerprint.messageId }]);
      }
      batch.push({ file, message, messageId: fingerprint.messageId });
      bytes += size;
      if (batch.length >= BATCH_MESSAGES || bytes >= BATCH_BYTES) await flush();
    },
    flush,
  };
}

interface Outgoing {
  file: SourceFile;
  message: AppendMessage;
  messageId: string | null;
}

async function sendBatch(session: RemoteWriter, job: FolderJob, run: FolderRun, batch: Outgoing[]): Promise<void> {
  if (batch.length === 0) return;
  if (batch.length > 1 && session.multiAppend) {
    try {
      await session.append(
        job.target,
        batch.map((item) => item.message),
      );
      for (const { file, message } of batch) record(run, job, file, 'appended', message.size);
      return;
    } catch (error) {
      // MULTIAPPEND is atomic: nothing of the batch was stored. One by one shows which was refused;
      // for the quota only where a message of it is bigger than the whole quota, else it is full.
      if (isQuotaRefusal(error) && (await tooBigForQuota(session, job, batch)).size === 0)
        throw new TargetOverQuota(job.source.name, batch[0]!.file.relative, error.responseText);
      if (!isRefusal(error)) throw goneOrAsIs(job, error);
    }
  }
  const results = await Promise.allSettled(batch.map(({ message }) => session.append(job.target, [message])));
  const quotaRefused = batch.filter((_, i) => isQuotaRefusal(rejection(results[i]!)));
  const biggerThanRoot = await tooBigForQuota(session, job, quotaRefused);
  const failures: Error[] = [];
  let overQuota: TargetOverQuota | undefined;
  results.forEach((result, i) => {
    const { file, message, messageId } = batch[i]!;
    const refused = (reason: string) => record(run, job, file, 'failed', 0, { reason, messageId });
    if (result.status === 'fulfilled') record(run, job, file, 'appended', message.size);
    else if (isQuotaRefusal(result.reason)) {
      const root = biggerThanRoot.get(batch[i]!);
      if (root !== undefined) refused(biggerThanQuota(message.size, root, result.reason.responseText));
      // Left without an outcome: counted as not restored, with the others the stop leaves out.
      else overQuota ??= new TargetOverQuota(job.source.name, file.relative, result.reason.responseText);
    } else if (isRefusal(result.reason)) refused(`the server refused it: ${result.reason.responseText}`);
    else failures.push(result.reason instanceof Error ? result.reason : new Error(String(result.reason)));
  });
  if (overQuota !== undefined) throw overQuota;
  // Not about a message (the connection dropped, the server is busy): the folder is retried.
  if (failures[0] !== undefined) throw goneOrAsIs(job, failures[0]);
}

/**
 * For each message refused for the quota, the quota root whose whole limit it exceeds (the
 * server's GETQUOTAROOT numbers): such a message costs itself only. None where the server has no
 * QUOTA: its answer alone cannot tell a message too big from a full account (Dovecot words both
 * alike), and the run stops, as for a full one.
 */
async function tooBigForQuota(
  session: RemoteWriter,
  job: FolderJob,
  refused: Outgoing[],
): Promise<Map<Outgoing, QuotaStorage>> {
  const roots = refused.length > 0 ? await session.quota(job.target) : [];
  const tooBig = new Map<Outgoing, QuotaStorage>();
  for (const item of refused) {
    const root = exceededRoot(item.message.size, roots);
    if (root !== undefined) tooBig.set(item, root);
  }
  return tooBig;
}

const rejection = (result: PromiseSettledResult<void>): unknown =>
  result.status === 'rejected' ? result.reason : undefined;
