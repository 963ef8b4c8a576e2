// Pure: index rows for the chosen sort order, over a subset of entries (the current limit).
import { threadMessages } from './thread.js';
import type { IndexEntry, IndexRow, SortKey } from './types.js';

export const SORT_KEYS: SortKey[] = ['date', 'from', 'subject', 'size', 'thread'];

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function sortMessages(entries: IndexEntry[], key: SortKey, only?: number[]): IndexRow[] {
  const ids = only ?? entries.map((_, i) => i);
  if (key === 'thread') {
    return threadMessages(ids.map((i) => entries[i]!)).map((row) => ({ entry: ids[row.entry]!, depth: row.depth }));
  }
  const compare = comparators[key];
  return [...ids]
    .sort((a, b) => compare(entries[a]!, entries[b]!) || entries[a]!.date - entries[b]!.date || a - b)
    .map((entry) => ({ entry, depth: 0 }));
}

const comparators: Record<Exclude<SortKey, 'thread'>, (a: IndexEntry, b: IndexEntry) => number> = {
  date: (a, b) => a.date - b.date,
  from: (a, b) => collator.compare(a.from, b.from),
  subject: (a, b) => collator.compare(a.subject, b.subject),
  size: (a, b) => a.size - b.size,
};
