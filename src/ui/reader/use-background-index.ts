// Keeps the archive index up to date behind the reader, as `notmuch new` would: the first time a
// folder had to be read from its files (not current in the index), one worker thread at low
// priority indexes that folder, then every folder under the reader's roots (unchanged folders
// cost two stats). Its progress shows in the status line; the reader never waits for it.
import { useCallback, useEffect, useRef, type Dispatch, type RefObject } from 'react';
import {
  IndexWorker,
  type ArchiveAccess,
  type IndexWorkerOptions,
  type ReaderRoot,
  type TreeProgress,
} from '../../reader/index.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { errorLine } from './error-line.js';
import type { ReaderAction, ReaderState } from './reader-state.js';

function progressText(p: TreeProgress): string {
  const folder = sanitizeForTerminal(`${p.account}:${p.folder}`);
  const files = p.filesTotal ? ` ${p.filesDone}/${p.filesTotal}` : '';
  return `indexing for search: ${folder}${files} (folder ${Math.min(p.foldersDone + 1, p.foldersTotal)}/${p.foldersTotal})`;
}

/** One constant, not a new function per render: the callback below (and the loads that use it) stay the same. */
const newIndexWorker = (options: IndexWorkerOptions) => new IndexWorker(options);

/** Returns what the index loader calls with a folder it read from its files. */
export function useBackgroundIndex(
  archive: ArchiveAccess,
  roots: ReaderRoot[],
  shown: RefObject<ReaderState>,
  dispatch: Dispatch<ReaderAction>,
  startWorker: (options: IndexWorkerOptions) => IndexWorker = newIndexWorker,
): (path: string) => void {
  const worker = useRef<IndexWorker | undefined>(undefined);
  const running = useRef(false);
  useEffect(
    () => () => {
      void worker.current?.close(false);
      worker.current = undefined;
    },
    [],
  );
  return useCallback(
    (path: string) => {
      // One pass at a time: the pass under way reaches this folder too.
      if (running.current) return;
      running.current = true;
      worker.current ??= startWorker({
        file: archive.file,
        lowPriority: true,
        onNotice: (text) => dispatch({ type: 'status', text: sanitizeForTerminal(text) }),
      });
      const box = shown.current.mailboxes.find((m) => m.path === path);
      const folders = box ? [{ path, account: box.account, name: box.name }] : [];
      const onProgress = (p: TreeProgress) => dispatch({ type: 'indexing', text: progressText(p) });
      worker.current
        .refresh({
          folders,
          roots: roots.map(({ account, path: root, folderPrefix, dotted }) => ({
            account,
            path: root,
            folderPrefix,
            ...(dotted ? { dotted } : {}),
          })),
          onProgress,
        })
        .then(
          () => dispatch({ type: 'indexing', text: undefined }),
          (err: unknown) => dispatch({ type: 'indexing', text: `search index not updated: ${errorLine(err)}` }),
        )
        .finally(() => {
          running.current = false;
        });
    },
    [archive, roots, shown, dispatch, startWorker],
  );
}
