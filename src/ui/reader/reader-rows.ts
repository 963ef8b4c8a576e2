// The index rows a state shows: its entries sorted and limited. Pure.
import { messageKey, sortMessages, type IndexEntry } from '../../reader/index.js';
import type { ReaderState } from './reader-state.js';

/** The state with `rows` worked out again (after its entries, sort or limit changed). */
export function withRows(state: ReaderState): ReaderState {
  const { entries, limit } = state;
  const ids = limit && entries.flatMap((e, i) => (limit.keys.has(messageKey(e)) ? [i] : []));
  return { ...state, rows: sortMessages(entries, state.sortKey, ids) };
}

export function entryUnderCursor(state: ReaderState): IndexEntry | undefined {
  const row = state.rows[state.cursor];
  return row && state.entries[row.entry];
}
