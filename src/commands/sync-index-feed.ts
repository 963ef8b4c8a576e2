// The archive index as a sync feeds it (`mailkeep sync`, the app): the worker starts once the listing
// shows a mailbox with work (else when a mailbox begins its work, or with the first message stored
// or folder synced), so that it loads while the pass waits for the server: LIST-STATUS of a
// 200-folder account takes Dovecot ~0.3 s, time the thread's ~0.15 s of CPU then costs no one
// (an incremental pass ~7 % shorter than starting it with the first mailbox). A pass where nothing
// changed (every mailbox skipped from LIST-STATUS) never starts it: starting costs a thread that
// loads the mail parser and opens SQLite, and the pass then waits for it to close. It starts at
// once when a process now gone left folders unindexed (feed-ledger.ts): those are refreshed first.
// The client and the file's name are imported on their own, not through the archive's index.ts,
// which would load the mail parser, SQLite and the query code on this thread too
// (src/reader/index.ts does the same).
import { openFeedLedger } from '../archive/feed-ledger.js';
import { defaultIndexFile } from '../archive/index-path.js';
import { IndexWorker, type StoredMailFeed } from '../archive/index-worker-client.js';
import { keepHeapsSmallWhileWorkerStarts } from './sync-heap.js';

export interface SyncIndexFeed extends StoredMailFeed {
  /** Closes the worker if it was started; with `finish` after all it was given. */
  close(finish: boolean): Promise<void>;
}

export function syncIndexFeed(
  io: { env: NodeJS.ProcessEnv; home: string },
  onNotice: (line: string) => void,
  options: { smallHeaps?: boolean } = {},
): SyncIndexFeed {
  const file = defaultIndexFile(io.env, io.home);
  const ledger = openFeedLedger(file);
  let worker: IndexWorker | undefined;
  const started = () =>
    (worker ??= new IndexWorker({
      file,
      lowPriority: true,
      onNotice,
      // `mailkeep sync` keeps its heaps small (sync-heap.ts); a worker starting must not undo that.
      ...(options.smallHeaps ? { onOnline: keepHeapsSmallWhileWorkerStarts() } : {}),
    }));
  if (ledger.inherited.length > 0)
    started()
      .refresh({ folders: ledger.inherited })
      .catch(() => undefined);
  return {
    expectMail: (folder) => {
      if (folder) ledger.note(folder);
      started();
    },
    stored: (folder, files) => {
      ledger.note(folder);
      started().stored(folder, files);
    },
    folderSynced: (folder, changes) => {
      ledger.note(folder);
      started().folderSynced(folder, changes);
    },
    close: async (finish) => {
      await worker?.close(finish);
      if (finish && worker?.failed !== true) ledger.finished();
    },
  };
}
