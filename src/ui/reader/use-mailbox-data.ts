// The reader's reads from disk: the folder list and counts, the open folder's index or a global
// search's results (again after `$` or when the background sync changed it; read in
// use-index-loader.ts); patterns are matched in use-entry-matcher.ts; the archive index is kept up
// to date behind it (use-background-index.ts).
import { join } from 'node:path';
import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import {
  countMessages,
  type ArchiveAccess,
  type FirstScreen,
  foldersOfSyncedMailbox,
  type IndexWorker,
  type IndexWorkerOptions,
  listMailboxes,
  type IndexEntry,
  type MailboxInfo,
  type ReaderRoot,
} from '../../reader/index.js';
import type { MailboxRef } from './mailbox-changes.js';
import { errorLine } from './error-line.js';
import type { ReaderAction, ReaderState } from './reader-state.js';
import { useBackgroundIndex } from './use-background-index.js';
import { useEntryMatcher, type EntryMatcher, type LabelScope } from './use-entry-matcher.js';
import { useIndexLoader } from './use-index-loader.js';
import { useSyncRefresh, type ProgressSource } from './use-sync-refresh.js';

export interface MailboxData {
  /** The file of a message shown (of the open folder, or a search's). */
  pathOf(entry: IndexEntry): string;
  /** A message's folder (the open one by default) and its account's folders (its labels are among them). */
  labelScope(entry?: IndexEntry): LabelScope;
  matchEntry: EntryMatcher;
  /** Shows the results of a global search instead of the open folder. */
  search(query: string): Promise<void>;
}

interface Options {
  roots: ReaderRoot[];
  archive: ArchiveAccess;
  progress: ProgressSource | undefined;
  onSyncRefresh: ((paths: string[]) => void) | undefined;
  first: FirstScreen | undefined;
  startIndexWorker: ((options: IndexWorkerOptions) => IndexWorker) | undefined;
}

export function useMailboxData(state: ReaderState, dispatch: Dispatch<ReaderAction>, options: Options): MailboxData {
  const { roots, archive } = options;
  // Read by loads that finish after later renders: what is shown now, not when they started.
  const shown = useRef(state);
  shown.current = state;
  const boxPath = state.mailboxes[state.current]?.path;

  const pathOf = useCallback(
    (e: IndexEntry) => join(e.folderPath ?? shown.current.mailboxes[shown.current.current]!.path, e.dir, e.file),
    [],
  );
  const labelScope = useCallback((entry?: IndexEntry): LabelScope => {
    const { mailboxes, current } = shown.current;
    const open = (entry?.folderPath && mailboxes.find((m) => m.path === entry.folderPath)) || mailboxes[current];
    const folders = mailboxes.filter((m) => m.account === open?.account).map(({ name, path }) => ({ name, path }));
    return { own: open?.name ?? '', folders };
  }, []);
  const matchEntry = useEntryMatcher(pathOf, labelScope);
  const indexInBackground = useBackgroundIndex(archive, roots, shown, dispatch, options.startIndexWorker);
  const index = useIndexLoader(shown, dispatch, archive, matchEntry, indexInBackground, options.first?.page?.path);

  const relistMailboxes = useCallback(
    async (isLive: () => boolean = () => true): Promise<void> => {
      try {
        const found = await listMailboxes(roots, archive.currentFolders());
        if (isLive()) dispatch({ type: 'listed', mailboxes: found });
      } catch (err) {
        if (isLive()) dispatch({ type: 'status', text: `cannot list mailboxes: ${errorLine(err)}` });
      }
    },
    [roots, archive, dispatch],
  );

  async function recountMailboxes(paths: string[]): Promise<void> {
    const counts = new Map(await Promise.all(paths.map(async (p) => [p, await countMessages(p)] as const)));
    dispatch({ type: 'recounted', counts });
  }

  // The first screen's listing is on screen already: no second one at mount.
  const listedAtMount = useRef(options.first !== undefined);
  useEffect(() => {
    let live = true;
    if (listedAtMount.current) listedAtMount.current = false;
    else void relistMailboxes(() => live);
    return () => {
      live = false;
    };
  }, [relistMailboxes, state.refreshTick]);

  const { load, search } = index;
  useEffect(() => {
    // A search shown is run again (`$`, the screen shown again); else the open folder is read.
    const query = shown.current.search?.query;
    if (query !== undefined) void search(query);
    else if (boxPath) void load(boxPath);
  }, [boxPath, load, search, state.refreshTick]);

  useSyncRefresh(options.progress, async (changed: MailboxRef[]) => {
    const open = shown.current.mailboxes[shown.current.current]?.path;
    const hits = changed.map((ref) => foldersOf(ref, shown.current.mailboxes, roots));
    const paths = [...new Set(hits.flat())];
    // A folder the listing lacks is new (or named in a way only a full listing finds).
    if (hits.some((found) => !found.length)) await relistMailboxes();
    else await recountMailboxes(paths);
    if (open && paths.includes(open) && !shown.current.search) {
      // A first read of a big folder is let finish: restarting it every second of a long sync would starve it.
      const first = index.firstLoad.current;
      if (first?.path === open) await first.done;
      // The user may have opened another folder meanwhile; its load must not be replaced.
      if (shown.current.mailboxes[shown.current.current]?.path === open) await load(open);
    }
    options.onSyncRefresh?.(paths);
  });

  return { pathOf, labelScope, matchEntry, search };
}

function foldersOf(ref: MailboxRef, listed: MailboxInfo[], roots: ReaderRoot[]): string[] {
  return foldersOfSyncedMailbox(listed, roots, ref.account, ref.mailbox).map((i) => listed[i]!.path);
}
