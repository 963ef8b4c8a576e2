// Reads the open folder's index into the reader state: the latest load wins, a refresh of the
// folder shown reads only new files, and the first read of a folder can be waited on.
import { useCallback, useRef, type Dispatch, type RefObject } from 'react';
import { loadMailboxIndex, messageKey, type IndexEntry } from '../../reader/index.js';
import { errorLine } from './error-line.js';
import type { Limit, ReaderAction, ReaderState } from './reader-state.js';
import type { EntryMatcher } from './use-entry-matcher.js';

export interface IndexLoader {
  /** Reads the folder's index; a refresh of the folder shown keeps the cursor's message. */
  load: (path: string) => Promise<void>;
  /** The first read of the folder last opened, while it may still run. */
  firstLoad: RefObject<{ path: string; done: Promise<void> } | undefined>;
}

/** `shown` is the state on screen now, read by loads that finish after later renders. */
export function useIndexLoader(
  shown: RefObject<ReaderState>,
  dispatch: Dispatch<ReaderAction>,
  cacheDir: string,
  matchEntry: EntryMatcher,
): IndexLoader {
  const loadToken = useRef(0);
  const shownBox = useRef<string | undefined>(undefined);
  const firstLoad = useRef<{ path: string; done: Promise<void> } | undefined>(undefined);

  const load = useCallback(
    (path: string): Promise<void> => {
      const refresh = shownBox.current === path;
      const token = ++loadToken.current;
      const onProgress = (done: number, total: number) =>
        token === loadToken.current && dispatch({ type: 'loading', text: `reading headers ${done}/${total}…` });
      const read = async (): Promise<void> => {
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
      };
      const done = read();
      if (!refresh) firstLoad.current = { path, done };
      return done;
    },
    [shown, dispatch, cacheDir, matchEntry],
  );

  return { load, firstLoad };
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
