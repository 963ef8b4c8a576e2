// Reads the open folder's index into the reader state: the latest load wins, a refresh of the
// folder shown reads only new files, and the first read of a folder can be waited on. A folder the
// archive index is current for comes straight from it; any other is read from its files (the
// rows the index has are reused) and handed to the background indexer. A global search is a load
// too: its results replace the index shown.
import { relative } from 'node:path';
import { useCallback, useRef, type Dispatch, type RefObject } from 'react';
import { unreadableLine, type Unreadable } from '../../maildir/index.js';
import {
  FIRST_PAGE,
  loadMailboxIndex,
  messageKey,
  readNewestDelivered,
  type ArchiveAccess,
  type IndexedFolderRows,
  type IndexEntry,
} from '../../reader/index.js';
import { errorLine } from './error-line.js';
import type { Limit, ReaderAction, ReaderState } from './reader-state.js';
import { entryUnderCursor } from './reader-rows.js';
import type { EntryMatcher } from './use-entry-matcher.js';

export interface IndexLoader {
  /** Reads the folder's index; a refresh of the folder shown keeps the cursor's message. */
  load: (path: string) => Promise<void>;
  /** Runs a global search; its results are shown as a folder of their own. */
  search: (query: string) => Promise<void>;
  /** The first read of the folder last opened, while it may still run. */
  firstLoad: RefObject<{ path: string; done: Promise<void> } | undefined>;
}

/** Time for React and Ink to draw a folder's first page. */
const FIRST_PAINT_MS = 50;

/** `shown` is the state on screen now, read by loads that finish after later renders. */
export function useIndexLoader(
  shown: RefObject<ReaderState>,
  dispatch: Dispatch<ReaderAction>,
  archive: ArchiveAccess,
  matchEntry: EntryMatcher,
  onStale: (path: string) => void,
  /** The folder whose newest page the first frame showed. */
  shownFirst?: string,
): IndexLoader {
  const loadToken = useRef(0);
  const shownBox = useRef<string | undefined>(undefined);
  const firstLoad = useRef<{ path: string; done: Promise<void> } | undefined>(undefined);
  const firstPage = useRef(shownFirst);

  const load = useCallback(
    (path: string): Promise<void> => {
      const refresh = shownBox.current === path;
      const onScreen = firstPage.current === path;
      firstPage.current = undefined;
      const token = ++loadToken.current;
      const isLatest = () => token === loadToken.current;
      const done = readFolder({
        path,
        refresh,
        onScreen,
        isLatest,
        shown,
        shownBox,
        dispatch,
        archive,
        matchEntry,
        onStale,
      });
      if (!refresh) firstLoad.current = { path, done };
      return done;
    },
    [shown, dispatch, archive, matchEntry, onStale],
  );

  const search = useCallback(
    async (query: string): Promise<void> => {
      const token = ++loadToken.current;
      try {
        const { entries, total } = archive.search(query);
        if (token !== loadToken.current) return;
        shownBox.current = undefined;
        const cut = total > entries.length ? { of: total } : {};
        dispatch({ type: 'searched', query, entries: dedupe(entries), ...cut });
      } catch (err) {
        if (token === loadToken.current) dispatch({ type: 'status', text: errorLine(err) });
      }
    },
    [archive, dispatch],
  );

  return { load, search, firstLoad };
}

/** One read of a folder, and what of the hook it reads and writes. */
interface FolderRead {
  path: string;
  /** The folder shown is read again: only its new files, the cursor's message kept. */
  refresh: boolean;
  /** The first frame showed the folder's newest page already. */
  onScreen: boolean;
  /** No later load started: only the latest may change what is shown. */
  isLatest: () => boolean;
  shown: RefObject<ReaderState>;
  /** The folder whose index is on screen. */
  shownBox: RefObject<string | undefined>;
  dispatch: Dispatch<ReaderAction>;
  archive: ArchiveAccess;
  matchEntry: EntryMatcher;
  onStale: (path: string) => void;
}

/** Reads the folder's index and shows it; a folder read from its files is then handed on (onStale). */
async function readFolder(read: FolderRead): Promise<void> {
  const { path, refresh, isLatest, shown, shownBox, dispatch, archive } = read;
  // Once a first page is on screen the progress goes to the status line, not in its place.
  const onProgress = (done: number, total: number) => {
    const text = `reading headers ${done}/${total}…`;
    if (isLatest()) dispatch({ type: shownBox.current === path ? 'status' : 'loading', text });
  };
  try {
    const indexed = refresh ? undefined : archive.folder(path);
    let fromFiles: IndexEntry[] = [];
    let pageCursor: string | undefined;
    if (!refresh && shown.current.sortKey === 'date') {
      const first = await showNewestPage(read, indexed);
      if (first === undefined) return;
      ({ fromFiles, pageCursor } = first);
    }
    const known = refresh ? shown.current.entries : [...((await indexed?.all()) ?? []), ...fromFiles];
    const unread: Unreadable[] = [];
    const onUnreadable = (problem: Unreadable) => problem.code !== 'ENOENT' && unread.push(problem);
    const loaded = indexed?.current
      ? known
      : await loadMailboxIndex(path, { known, ...(refresh ? {} : { onProgress, onUnreadable }) });
    const { limit, entries } = shown.current;
    const matched = refresh && limit ? await newLimitMatches(limit, entries, loaded, read.matchEntry) : undefined;
    // Decided now, not when the load started: two loads can start before either is shown.
    if (!isLatest()) return;
    // Still on the page's newest message: the folder's newest, as for a folder opened anew.
    const newBox = shownBox.current !== path || (pageCursor !== undefined && pageCursor === cursorKey(shown.current));
    shownBox.current = path;
    dispatch({ type: 'indexLoaded', entries: loaded, newBox, ...(matched ? { matched } : {}) });
    // The header progress went to the status line beside a first page read from files.
    if (pageCursor !== undefined && !indexed?.current) dispatch({ type: 'status', text: '' });
    if (unread.length) dispatch({ type: 'status', text: notShown(path, unread) });
    if (!indexed?.current && !refresh) read.onStale(path);
  } catch (err) {
    if (isLatest()) dispatch({ type: 'status', text: `cannot read ${path}: ${errorLine(err)}` });
  }
}

/**
 * A big folder's newest page goes on screen first (unless the first frame showed it); the rest
 * follows once that page is drawn (Ink draws at most every 33 ms). Returns the page's rows read
 * from files (to reuse) and the cursor's message on it; undefined once a later load started.
 */
async function showNewestPage(read: FolderRead, indexed: IndexedFolderRows | undefined) {
  const { path, onScreen, isLatest, shown, shownBox, dispatch } = read;
  const page = onScreen ? undefined : await newestPage(read.archive, path, indexed);
  const fromFiles = page?.fromFiles ? page.entries : [];
  let pageCursor: string | undefined;
  if (page && page.total > FIRST_PAGE && isLatest()) {
    const pending = page.total - page.entries.length;
    dispatch({ type: 'indexLoaded', entries: page.entries, newBox: true, pending });
    shownBox.current = path;
    await new Promise((resolve) => setTimeout(resolve, FIRST_PAINT_MS));
    pageCursor = cursorKey(shown.current);
  }
  if (!isLatest()) return undefined;
  if (onScreen) {
    shownBox.current = path;
    pageCursor = cursorKey(shown.current);
  }
  return { fromFiles, pageCursor };
}

/** `not shown: cannot read cur/1733…:2,S: permission denied (EACCES) (and 1 more)` (one line, sanitized). */
function notShown(folder: string, unread: Unreadable[]): string {
  const [first, ...more] = unread;
  const line = unreadableLine({ ...first!, path: relative(folder, first!.path) });
  return errorLine(`not shown: ${line}${more.length ? ` (and ${more.length} more)` : ''}`);
}

/** A message hard-linked into several folders (labels) is found once. */
function dedupe(found: IndexEntry[]): IndexEntry[] {
  const seen = new Set<string>();
  return found.filter((e) => !seen.has(messageKey(e)) && Boolean(seen.add(messageKey(e))));
}

/** The messages new since `before` that the limit in force lets through. */
async function newLimitMatches(limit: Limit, before: IndexEntry[], after: IndexEntry[], matchEntry: EntryMatcher) {
  const old = new Set(before.map(messageKey));
  const keys: string[] = [];
  for (const e of after) {
    if (!old.has(messageKey(e)) && (await matchEntry(limit.pattern, e))) keys.push(messageKey(e));
  }
  return { pattern: limit.pattern, keys };
}

/** The newest page of a folder: from the index when it is current for it, else from its files delivered last. */
async function newestPage(archive: ArchiveAccess, path: string, indexed: IndexedFolderRows | undefined) {
  if (indexed?.current) return { entries: archive.newest(path, FIRST_PAGE), total: indexed.total, fromFiles: false };
  return { ...(await readNewestDelivered(path, FIRST_PAGE)), fromFiles: true };
}

function cursorKey(state: ReaderState): string | undefined {
  const entry = entryUnderCursor(state);
  return entry && messageKey(entry);
}
