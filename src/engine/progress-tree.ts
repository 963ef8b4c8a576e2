// The pure helpers of the progress reducer: the account and mailbox rows, their totals, and the
// transfer rate over a sliding window of samples.
import type { MailboxPhase } from './events.js';
import type {
  AccountProgress,
  MailboxProgress,
  ProgressSnapshot,
  ProgressTotals,
  RateSample,
  TransferProgress,
} from './progress-snapshot.js';

/** How far back the transfer rate looks. */
const RATE_WINDOW_MS = 5000;

const FINISHED: ReadonlySet<MailboxPhase> = new Set(['done', 'uptodate', 'error']);

const NOTHING_TRANSFERRED: TransferProgress = {
  messagesDone: 0,
  messagesTotal: 0,
  bytesDone: 0,
  bytesTotal: 0,
  added: 0,
  linked: 0,
  flagsUpdated: 0,
  deleted: 0,
  rateBytesPerSec: 0,
  etaSec: null,
};

function newMailbox(name: string): MailboxProgress {
  return {
    name,
    phase: 'queued',
    ...NOTHING_TRANSFERRED,
    samples: [],
  };
}

function newAccount(name: string): AccountProgress {
  return { name, connection: 'idle', mailboxes: [] };
}

/** Keep samples inside the window (plus the one just before it, so the window stays spanned). */
export function addSample(samples: readonly RateSample[], sample: RateSample): RateSample[] {
  const last = samples[samples.length - 1];
  const kept = last && sample.bytes < last.bytes ? [] : [...samples];
  kept.push(sample);
  while (kept.length > 2 && kept[1]!.at <= sample.at - RATE_WINDOW_MS) kept.shift();
  return kept;
}

export function rateOf(samples: readonly RateSample[]): number {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.at <= first.at) return 0;
  return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
}

export function etaOf(remainingBytes: number, rate: number): number | null {
  if (remainingBytes <= 0) return 0;
  return rate > 0 ? remainingBytes / rate : null;
}

export function sumTotals(accounts: readonly AccountProgress[], totalSamples: readonly RateSample[]): ProgressTotals {
  const t: ProgressTotals = {
    mailboxes: 0,
    mailboxesFinished: 0,
    ...NOTHING_TRANSFERRED,
  };
  for (const account of accounts) {
    for (const m of account.mailboxes) {
      t.mailboxes += 1;
      if (FINISHED.has(m.phase)) t.mailboxesFinished += 1;
      t.messagesDone += m.messagesDone;
      t.messagesTotal += m.messagesTotal;
      t.bytesDone += m.bytesDone;
      t.bytesTotal += m.bytesTotal;
      t.added += m.added;
      t.linked += m.linked;
      t.flagsUpdated += m.flagsUpdated;
      t.deleted += m.deleted;
    }
  }
  t.rateBytesPerSec = rateOf(totalSamples);
  t.etaSec = etaOf(t.bytesTotal - t.bytesDone, t.rateBytesPerSec);
  return t;
}

export function updateAccount(
  snapshot: ProgressSnapshot,
  name: string,
  update: (account: AccountProgress) => AccountProgress,
): readonly AccountProgress[] {
  const index = snapshot.accounts.findIndex((a) => a.name === name);
  if (index === -1) return [...snapshot.accounts, update(newAccount(name))];
  const accounts = [...snapshot.accounts];
  accounts[index] = update(accounts[index]!);
  return accounts;
}

export function updateMailbox(
  snapshot: ProgressSnapshot,
  account: string,
  mailbox: string,
  update: (m: MailboxProgress) => MailboxProgress,
): readonly AccountProgress[] {
  return updateAccount(snapshot, account, (a) => {
    const index = a.mailboxes.findIndex((m) => m.name === mailbox);
    const mailboxes = [...a.mailboxes];
    if (index === -1) mailboxes.push(update(newMailbox(mailbox)));
    else mailboxes[index] = update(mailboxes[index]!);
    return { ...a, mailboxes };
  });
}

/** Listed mailboxes start over as queued; unlisted ones keep their last result (a targeted pass). */
export function mergeMailboxList(existing: readonly MailboxProgress[], names: readonly string[]): MailboxProgress[] {
  const listed = new Set(names);
  // A new pass starts each listed mailbox over; its last verification stays.
  const merged = existing.map((m) =>
    listed.has(m.name) ? { ...newMailbox(m.name), ...(m.verification ? { verification: m.verification } : {}) } : m,
  );
  const known = new Set(existing.map((m) => m.name));
  for (const name of names) if (!known.has(name)) merged.push(newMailbox(name));
  return merged;
}

export function withAccounts(snapshot: ProgressSnapshot, accounts: readonly AccountProgress[]): ProgressSnapshot {
  return { ...snapshot, accounts, totals: sumTotals(accounts, snapshot.totalSamples) };
}
