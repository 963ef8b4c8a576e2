// The reader's state as a pure reducer. What the user does goes through `readerStep`
// (reader-commands.ts); what the effects it asks for find comes back as the other actions.
import {
  messageKey,
  type FirstScreen,
  type IndexEntry,
  type IndexRow,
  type MailboxInfo,
  type Pattern,
  type RenderedMessage,
  type SortKey,
} from '../../reader/index.js';
import { readerStep, type ReaderInput, type ReaderView } from './reader-commands.js';
import { entryUnderCursor, withRows } from './reader-rows.js';

export type Mode = 'index' | 'mailboxes' | 'pager' | 'attachments' | 'help';
export type Prompt = {
  kind: 'search' | 'limit' | 'save' | 'export' | 'globalSearch';
  label: string;
  text: string;
};
/** The limit pattern and the messages it matched (by key, so a refresh keeps it). */
export interface Limit {
  text: string;
  pattern: Pattern;
  keys: Set<string>;
}

export interface ReaderState {
  mailboxes: MailboxInfo[];
  /** The mailbox shown in the index, and the sidebar's cursor while choosing one (`c`). */
  current: number;
  boxCursor: number;
  entries: IndexEntry[];
  /** `entries` as shown: sorted, limited; kept in step with them by `withRows`. */
  rows: IndexRow[];
  /** Older messages of the open folder not read yet (its newest page is shown first). */
  pending: number;
  loading: string | undefined;
  sortKey: SortKey;
  limit: Limit | undefined;
  cursor: number;
  mode: Mode;
  helpReturn: Mode;
  message: RenderedMessage | undefined;
  fullHeaders: boolean;
  pagerTop: number;
  pagerMatch: number | undefined;
  attCursor: number;
  prompt: Prompt | undefined;
  lastSearch: string | undefined;
  status: string;
  /** Bumped to list and read everything again (`$`, the screen shown again). */
  refreshTick: number;
  /** A global search shown instead of the open folder (`S`): its results are the entries. */
  search: { query: string } | undefined;
  /** What the background indexer is doing, shown when the status line is free. */
  indexing: string | undefined;
}

export const initialReaderState: ReaderState = {
  mailboxes: [],
  current: 0,
  boxCursor: 0,
  entries: [],
  rows: [],
  pending: 0,
  loading: 'scanning mailboxes…',
  sortKey: 'date',
  limit: undefined,
  cursor: 0,
  mode: 'index',
  helpReturn: 'index',
  message: undefined,
  fullHeaders: false,
  pagerTop: 0,
  pagerMatch: undefined,
  attCursor: 0,
  prompt: undefined,
  lastSearch: undefined,
  status: '',
  refreshTick: 0,
  search: undefined,
  indexing: undefined,
};

/** The state of a first frame that already shows the folder list and the first folder's newest page. */
export function firstReaderState(first: FirstScreen | undefined): ReaderState {
  if (!first) return initialReaderState;
  const listedState = listed(initialReaderState, first.mailboxes);
  const { page } = first;
  if (!page) return listedState;
  const pending = page.total - page.entries.length;
  return indexLoaded(listedState, { type: 'indexLoaded', entries: page.entries, newBox: true, pending });
}

export type ReaderAction =
  | { type: 'input'; input: ReaderInput; view: ReaderView }
  | { type: 'shown' }
  | { type: 'listed'; mailboxes: MailboxInfo[] }
  | { type: 'recounted'; counts: Map<string, { total: number; unread: number }> }
  | { type: 'loading'; text: string }
  | {
      type: 'indexLoaded';
      entries: IndexEntry[];
      newBox: boolean;
      matched?: { pattern: Pattern; keys: string[] };
      /** The folder's older messages still being read (its newest page is shown first). */
      pending?: number;
    }
  | { type: 'opened'; message: RenderedMessage; mode: 'pager' | 'attachments' }
  | { type: 'limited'; limit: Limit }
  | { type: 'found'; row: number }
  | { type: 'prompt'; prompt: Prompt }
  /** `of`: how many the search found when only the newest are shown. */
  | { type: 'searched'; query: string; entries: IndexEntry[]; of?: number }
  | { type: 'indexing'; text: string | undefined }
  | { type: 'status'; text: string };

export function readerReducer(state: ReaderState, action: ReaderAction): ReaderState {
  switch (action.type) {
    case 'input':
      return readerStep(state, action.input, action.view).state;
    case 'shown':
      return { ...state, refreshTick: state.refreshTick + 1 };
    case 'listed':
      return listed(state, action.mailboxes);
    case 'recounted':
      return { ...state, mailboxes: state.mailboxes.map((m) => ({ ...m, ...action.counts.get(m.path) })) };
    case 'loading':
      return { ...state, loading: action.text };
    case 'indexLoaded':
      return indexLoaded(state, action);
    case 'opened':
      return { ...state, message: action.message, pagerTop: 0, pagerMatch: undefined, attCursor: 0, mode: action.mode };
    case 'limited': {
      const { keys } = action.limit;
      const status = keys.size ? '' : 'no messages match the limit';
      return { ...withRows({ ...state, limit: action.limit }), cursor: Math.max(0, keys.size - 1), status };
    }
    case 'found':
      return { ...state, cursor: action.row, status: '' };
    case 'prompt':
      return { ...state, prompt: action.prompt };
    case 'searched': {
      const search = { query: action.query };
      const found = withRows({ ...state, entries: action.entries, pending: 0, search, limit: undefined });
      const { of } = action;
      const cut = of ? `the newest ${action.entries.length} of ${of} messages found are shown` : '';
      const status = action.entries.length ? cut : 'no messages match the search';
      return { ...found, loading: undefined, mode: 'index', cursor: Math.max(0, found.rows.length - 1), status };
    }
    case 'indexing':
      return { ...state, indexing: action.text };
    case 'status':
      return { ...state, status: action.text };
  }
}

/** A new listing: the open folder and the `c` selection stay on their paths. */
function listed(state: ReaderState, found: MailboxInfo[]): ReaderState {
  const before = state.mailboxes;
  const samePlace = (i: number) =>
    i < before.length
      ? Math.max(
          0,
          found.findIndex((m) => m.path === before[i]!.path),
        )
      : i;
  const next = { ...state, mailboxes: found, current: samePlace(state.current), boxCursor: samePlace(state.boxCursor) };
  return found.length ? next : { ...next, loading: undefined, status: 'no Maildir folders found' };
}

/** A new folder starts at its last (newest) row; a refresh keeps the cursor on its message. */
function indexLoaded(state: ReaderState, action: Extract<ReaderAction, { type: 'indexLoaded' }>): ReaderState {
  const { matched } = action;
  let limit = state.limit;
  if (matched && limit && limit.pattern === matched.pattern) {
    limit = { ...limit, keys: new Set([...limit.keys, ...matched.keys]) };
  }
  const under = entryUnderCursor(state);
  const pending = action.pending ?? 0;
  const next = withRows({ ...state, entries: action.entries, pending, loading: undefined, limit, search: undefined });
  if (action.newBox) return { ...next, cursor: Math.max(0, action.entries.length - 1) };
  // A flag change renames the file: the message is found again by its key.
  const anchor = under && messageKey(under);
  const at = next.rows.findIndex((r) => messageKey(next.entries[r.entry]!) === anchor);
  return { ...next, cursor: at >= 0 ? at : Math.max(0, Math.min(state.cursor, next.rows.length - 1)) };
}
