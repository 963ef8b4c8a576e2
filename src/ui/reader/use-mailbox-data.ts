// The reader's reads from disk: the folder list and counts, the open folder's index (again after
// `$` or when the background sync changed it); patterns are matched in use-entry-matcher.ts.
import { join } from 'node:path';
import { useEffect, useRef, type Dispatch } from 'react';
import {
  countMessages,
  foldersOfSyncedMailbox,
  listMailboxes,
  loadMailboxIndex,
  messageKey,
  type IndexEntry,
  type MailboxInfo,
  type ReaderRoot,
} from '../../reader/index.js';
import type { MailboxRef } from './mailbox-changes.js';
import { errorLine } from './error-line.js';
import type { Limit, ReaderAction, ReaderState } from './reader-state.js';
import { useEntryMatcher, type EntryMatcher } from './use-entry-matcher.js';
import { useSyncRefresh, type ProgressSource } from './use-sync-refresh.js';

export interface MailboxData {
  /** The file of a message of the open folder. */
  pathOf(entry: IndexEntry): string;
  matchEntry: EntryMatcher;
}

interface Options {
  roots: ReaderRoot[];
  cacheDir: string;
  progress: ProgressSource | undefined;
  onSyncRefresh: ((paths: string[]) => void) | undefined;
}

export function useMailboxData(state: ReaderState, dispatch: Dispatch<ReaderAction>, options: Options): MailboxData {
  const { roots, cacheDir } = options;
  // Read by loads that finish after later renders: what is shown now, not when they started.
  const shown = useRef(state);
  shown.current = state;
  const loadToken = useRef(0);
  const shownBox = useRef<string | undefined>(undefined);
  const firstLoad = useRef<{ path: string; done: Promise<void> } | undefined>(undefined);
  const boxPath = state.mailboxes[state.current]?.path;

  const pathOf = (e: IndexEntry) => join(shown.current.mailboxes[shown.current.current]!.path, e.dir, e.file);

  const matchEntry = useEntryMatcher(pathOf);

  async function relistMailboxes(isLive: () => boolean = () => true): Promise<void> {
    try {
      const found = await listMailboxes(roots);
      if (isLive()) dispatch({ type: 'listed', mailboxes: found });
    } catch (err) {
      if (isLive()) dispatch({ type: 'status', text: `cannot list mailboxes: ${errorLine(err)}` });
    }
  }

  async function recountMailboxes(paths: string[]): Promise<void> {
    const counts = new Map(await Promise.all(paths.map(async (p) => [p, await countMessages(p)] as const)));
    dispatch({ type: 'recounted', counts });
  }

  /** Reads the folder's index; a refresh of the folder shown reads only new files and keeps the cursor's message. */
  function loadIndex(path: string): Promise<void> {
    const refresh = shownBox.current === path;
    const done = readIndex(path, refresh);
    if (!refresh) firstLoad.current = { path, done };
    return done;
  }

  async function readIndex(path: string, refresh: boolean): Promise<void> {
    const token = ++loadToken.current;
    const onProgress = (done: number, total: number) =>
      token === loadToken.current && dispatch({ type: 'loading', text: `reading headers ${done}/${total}…` });
    try {
      const how = refresh ? { known: shown.current.entries } : { onProgress };
      const loaded = await loadMailboxIndex(path, { cacheDir, ...how });
      const { limit, entries } = shown.current;
      const matched = refresh && limit ? await newLimitMatches(limit, entries, loaded, matchEntry) : undefined;
      // Decided now, not when the load started: two loads can start before either is shown.
      if (token !== loadToken.current) return;
      const newBox = shownBox.current !== path;
      shownBox.current = path;
      dispatch({ type: 'indexLoaded', entries: loaded, newBox, ...(matched ? { matched } : {}) });
    } catch (err) {
      if (token === loadToken.current) dispatch({ type: 'status', text: `cannot read ${path}: ${errorLine(err)}` });
    }
  }

  useEffect(() => {
    let live = true;
    void relistMailboxes(() => live);
    return () => {
      live = false;
    };
  }, [roots, state.refreshTick]);

  useEffect(() => {
    if (boxPath) void loadIndex(boxPath);
  }, [boxPath, state.refreshTick, cacheDir]);

  useSyncRefresh(options.progress, async (changed: MailboxRef[]) => {
    const open = shown.current.mailboxes[shown.current.current]?.path;
    const hits = changed.map((ref) => foldersOf(ref, shown.current.mailboxes, roots));
    const paths = [...new Set(hits.flat())];
    // A folder the listing lacks is new (or named in a way only a full listing finds).
    if (hits.some((found) => !found.length)) await relistMailboxes();
    else await recountMailboxes(paths);
    if (open && paths.includes(open)) {
      // A first read of a big folder is let finish: restarting it every second of a long sync would starve it.
      if (firstLoad.current?.path === open) await firstLoad.current.done;
      // The user may have opened another folder meanwhile; its load must not be replaced.
      if (shown.current.mailboxes[shown.current.current]?.path === open) await loadIndex(open);
    }
    options.onSyncRefresh?.(paths);
  });

  return { pathOf, matchEntry };
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

function foldersOf(ref: MailboxRef, listed: MailboxInfo[], roots: ReaderRoot[]): string[] {
  return foldersOfSyncedMailbox(listed, roots, ref.account, ref.mailbox).map((i) => listed[i]!.path);
}
