// Per-account daily download budget (Gmail cuts IMAP off after ~2.5 GB a day). Counted per UTC
// day and persisted in the account's state dir, so separate `mailkeep sync` runs share it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFile } from '../maildir/index.js';

export interface DailyBudget {
  /** Bytes still allowed today; Infinity when unlimited. */
  remaining(): number;
  /** Count downloaded bytes (persisted). */
  consume(bytes: number): Promise<void>;
  /** When the budget refills (epoch ms). */
  resumesAt(): number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function dayOf(now: number): number {
  return Math.floor(now / DAY_MS);
}

export async function openDailyBudget(
  stateDir: string,
  limitBytes: number | null,
  clock: () => number,
): Promise<DailyBudget> {
  const file = join(stateDir, 'budget.json');
  let used = { day: dayOf(clock()), bytes: 0 };
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { day?: unknown; bytes?: unknown };
    if (typeof saved.day === 'number' && typeof saved.bytes === 'number') used = { day: saved.day, bytes: saved.bytes };
  } catch {
    // missing or unreadable: start counting from zero
  }
  const current = () => {
    const today = dayOf(clock());
    if (used.day !== today) used = { day: today, bytes: 0 };
    return used;
  };
  return {
    remaining: () => (limitBytes === null ? Infinity : Math.max(0, limitBytes - current().bytes)),
    async consume(bytes) {
      if (limitBytes === null) return;
      current().bytes += bytes;
      await replaceFile(file, JSON.stringify(used));
    },
    resumesAt: () => (dayOf(clock()) + 1) * DAY_MS,
  };
}
