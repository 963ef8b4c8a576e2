// The index worker thread: the only writer of the index while it runs. It takes the bytes of
// messages the sync just stored (batches grouped in transactions, see feed-commits.ts) and
// refreshes folders and trees on request, reporting progress; the thread that owns the screen
// never parses mail.
import { setPriority } from 'node:os';
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { applyFolderChanges } from './apply-folder-changes.js';
import { FeedCommits } from './feed-commits.js';
import { closeIndex, openIndex } from './index-file.js';
import { parseMessageFile } from './message-row.js';
import { refreshFolder } from './refresh-folder.js';
import { addTreeChanges, refreshTrees } from './refresh-tree.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.js';
import { IndexWriter } from './write-rows.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const send = (message: FromWorker) => port.postMessage(message);

// On Linux a thread's nice value is its own: only this thread yields to the sync.
if (setup.lowPriority) {
  try {
    setPriority(19);
  } catch {
    // not allowed here: run at normal priority
  }
}

const db = openIndex(setup.file, { onNotice: (text) => send({ kind: 'notice', text }) })!;
const writer = new IndexWriter(db);
/** A write of the index that failed: one line to the owner; the files stay the truth. */
const told = new Set<string>();
/** Each failure once: a full disk fails every batch of a sync alike. */
const failed = (error: unknown) => {
  const text = `search index: ${describe(error)}`;
  if (told.has(text)) return;
  told.add(text);
  send({ kind: 'notice', text });
};
// The feed's text is written just before each COMMIT (see IndexWriter.writeHeldText).
const commits = new FeedCommits(db, failed, {
  beforeCommit: () => writer.writeHeldText(),
  afterRollback: () => writer.dropHeldText(),
});
const queue: ToWorker[] = [];
let running = false;

port.on('message', (message: ToWorker) => {
  // Closing without finishing drops what waits: the next refresh of those folders reads their files.
  if (message.kind === 'close' && !message.finish) queue.length = 0;
  queue.push(message);
  if (!running) void drain();
});

async function drain(): Promise<void> {
  running = true;
  for (let message = queue.shift(); message !== undefined; message = queue.shift()) {
    if (message.kind !== 'stored' && message.kind !== 'synced') commits.commit();
    if (message.kind === 'close') {
      closeIndex(db);
      port.close();
      return;
    }
    if (message.kind === 'refresh') await refresh(message);
    else writeWaiting(message);
  }
  running = false;
}

type FeedMessage = Extract<ToWorker, { kind: 'stored' | 'synced' }>;

/**
 * A message of the feed, in the transaction its messages share. A stored batch gets no savepoint of
 * its own; its text is held until the COMMIT, so a folder's changes apply as they come without
 * making FTS5 write out a segment (see IndexWriter.writeHeldText). A batch that fails rolls back
 * the whole open transaction, folder stamps included, so those folders are read again.
 */
function writeWaiting(message: FeedMessage): void {
  if (message.kind === 'stored') {
    countStored(message.files.length);
    commits.write(message.files.length, () => indexStored(message));
  } else commits.write(1, () => folderSynced(message));
}

/**
 * bin/mailkeep.js has V8 optimize late, for short passes; a pass that stores this many messages is
 * a long one, where optimizing at V8's default pace (the flag is the process's, for every thread)
 * costs less: about 0.5 s of this thread's CPU in the large corpus's first sync.
 */
const LONG_PASS_MESSAGES = 2000;
const V8_DEFAULT_INTERRUPT_BUDGET = 67584;
let storedCount = 0;

function countStored(files: number): void {
  if (storedCount < LONG_PASS_MESSAGES && (storedCount += files) >= LONG_PASS_MESSAGES) {
    v8.setFlagsFromString(`--interrupt-budget=${V8_DEFAULT_INTERRUPT_BUDGET}`);
  }
}

function indexStored(message: Extract<ToWorker, { kind: 'stored' }>): void {
  try {
    // A file renamed or gone since is not indexed: the folder's next refresh reads it from disk.
    writer.addFiles(
      writer.folder(message.folder).id,
      message.files.map((file) => ({
        path: file.path,
        parse: () =>
          parseMessageFile(
            file.path,
            file.length ? Buffer.from(message.parts[file.part]!, file.offset, file.length) : undefined,
          ),
      })),
      { holdText: true },
    );
  } finally {
    send({ kind: 'ack', bytes: message.files.reduce((sum, f) => sum + f.length, 0) });
  }
}

function folderSynced({ folder, changes }: Extract<ToWorker, { kind: 'synced' }>): void {
  try {
    if (!applyFolderChanges(writer, folder, changes)) refreshFolder(writer, folder);
  } catch (error) {
    failed(error);
  }
}

async function refresh(message: Extract<ToWorker, { kind: 'refresh' }>): Promise<void> {
  try {
    const total = await refreshTrees(
      writer,
      message.roots,
      (progress) => send({ kind: 'progress', id: message.id, progress }),
      { force: message.force },
    );
    message.folders.forEach((folder, index) => {
      const onFiles = (filesDone: number, filesTotal: number) =>
        send({
          kind: 'progress',
          id: message.id,
          progress: {
            account: folder.account,
            folder: folder.name,
            foldersDone: index,
            foldersTotal: message.folders.length,
            filesDone,
            filesTotal,
          },
        });
      addTreeChanges(total, { folders: 1, ...refreshFolder(writer, folder, { force: message.force, onFiles }) });
    });
    send({ kind: 'done', id: message.id, changes: total });
  } catch (error) {
    send({ kind: 'failed', id: message.id, message: describe(error) });
  }
}

/** SQLite's errors (a full disk, a read-only file) name the index file; others name their own. */
function describe(error: unknown): string {
  const sqlite = (error as { code?: unknown }).code;
  return typeof sqlite === 'string' && sqlite.startsWith('SQLITE_')
    ? `${setup.file}: ${oneLine(error)}`
    : oneLine(error);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 160);
}
