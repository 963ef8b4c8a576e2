// The owner's side of the index worker thread. `stored` never waits and never grows memory past
// its cap: the bytes of a stored message are handed over while less than `maxQueuedBytes` wait
// (moved to the thread, see feed-pack.ts), otherwise only dropped — at the end of the folder's
// sync the worker reads those files from disk. Refreshes are answered in order, with progress.
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { SyncedFolderChanges } from './apply-folder-changes.js';
import { packFiles } from './feed-pack.js';
import type { IndexRoot, TreeChanges, TreeProgress } from './refresh-tree.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.js';
import type { FolderRef } from './write-rows.js';

export interface IndexWorkerOptions {
  /** The index file (see defaultIndexFile). */
  file: string;
  /** Behind a sync on the same machine: the worker thread runs at the lowest priority. */
  lowPriority?: boolean;
  /** Bytes of stored messages that may wait for the worker (default 16 MB). */
  maxQueuedBytes?: number;
  /** A rebuilt index, a failed write: one line each. */
  onNotice?: (text: string) => void;
  /** The thread has started running (its V8 isolate is set up). */
  onOnline?: () => void;
}

export interface RefreshRequest {
  folders?: FolderRef[];
  roots?: IndexRoot[];
  /** List folders even when their stamps are unchanged. */
  force?: boolean;
  onProgress?: (progress: TreeProgress) => void;
}

interface Pending {
  resolve: (changes: TreeChanges) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: TreeProgress) => void;
}

const DEFAULT_QUEUED_BYTES = 16 * 1024 * 1024;

/** What the sync engine tells the index (IndexWorker implements it; tests may fake it). */
export interface StoredMailFeed {
  /**
   * A mailbox of the pass has work (told from the listing when its STATUS shows it, and again with
   * its folder as the mailbox starts, before the folder changes), before its messages come: the feed
   * may get ready while the pass waits for the server.
   */
  expectMail?(folder?: FolderRef): void;
  /**
   * Messages just stored in `folder`, with the bytes the sync holds (streamed big ones without).
   * The feed may take those bytes (their buffers then read as empty): the caller is done with them.
   */
  stored(folder: FolderRef, files: readonly { path: string; bytes?: Buffer }[]): void;
  /**
   * The folder's sync is over: its rows are brought in line with its files, in the background; from
   * `changes` (what the pass did to its files) when they tell all, else by listing the folder.
   */
  folderSynced(folder: FolderRef, changes?: SyncedFolderChanges): void;
}

export class IndexWorker implements StoredMailFeed {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly maxQueuedBytes: number;
  private queuedBytes = 0;
  private nextId = 1;
  private readonly exited: Promise<void>;
  /** Messages whose bytes were dropped (the worker was behind): read from disk at the folder's refresh. */
  dropped = 0;
  /** The thread stopped on an error (the index could not be opened): what it was given is not indexed. */
  failed = false;

  constructor(options: IndexWorkerOptions) {
    const setup: WorkerSetup = { file: options.file, lowPriority: options.lowPriority ?? false };
    this.worker = startWorker(setup);
    this.maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_QUEUED_BYTES;
    this.worker.on('message', (message: FromWorker) => this.receive(message, options.onNotice));
    if (options.onOnline) this.worker.once('online', options.onOnline);
    this.exited = new Promise((resolve) => {
      this.worker.on('error', (error) => {
        this.failed = true;
        options.onNotice?.(`search index worker stopped: ${error.message.split('\n')[0]}`);
      });
      this.worker.on('exit', () => {
        for (const p of this.pending.values()) p.reject(new Error('the search index worker stopped'));
        this.pending.clear();
        resolve();
      });
    });
  }

  /** Messages just stored in `folder`: indexed from these bytes when the worker keeps up. */
  stored(folder: FolderRef, files: readonly { path: string; bytes?: Buffer }[]): void {
    const size = files.reduce((sum, f) => sum + (f.bytes?.length ?? 0), 0);
    const keep = this.queuedBytes + size <= this.maxQueuedBytes;
    if (!keep) this.dropped += files.length;
    if (!keep || !files.length) return;
    this.queuedBytes += size;
    const { files: sent, parts } = packFiles(files);
    this.worker.postMessage({ kind: 'stored', folder, files: sent, parts } satisfies ToWorker, parts);
  }

  folderSynced(folder: FolderRef, changes?: SyncedFolderChanges): void {
    if (changes) this.post({ kind: 'synced', folder, changes });
    else this.refresh({ folders: [folder] }).catch(() => undefined);
  }

  refresh(request: RefreshRequest): Promise<TreeChanges> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(request.onProgress ? { onProgress: request.onProgress } : {}) });
      this.post({
        kind: 'refresh',
        id,
        folders: request.folders ?? [],
        roots: request.roots ?? [],
        force: request.force ?? false,
      });
    });
  }

  /** Stops the thread; with `finish` after all it was given, else after the step it is on. */
  async close(finish = true): Promise<void> {
    this.post({ kind: 'close', finish });
    await this.exited;
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker, onNotice?: (text: string) => void): void {
    if (message.kind === 'ack') this.queuedBytes -= message.bytes;
    else if (message.kind === 'notice') onNotice?.(message.text);
    else if (message.kind === 'progress') this.pending.get(message.id)?.onProgress?.(message.progress);
    else {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.kind === 'done') pending?.resolve(message.changes);
      else pending?.reject(new Error(message.message));
    }
  }
}

/**
 * The worker's V8 heap, bounded: its live data is one message and a folder's listing, but left to
 * its defaults V8 lets a parsing thread's heap grow to 4× that between collections (the worker
 * was two thirds of `mailkeep index`'s 210 MB peak). A small young generation and an old one of
 * modest maximum (V8 then grows the heap by less before collecting) keep it near its live size;
 * 512 MB is far above what one message or a 100k-file folder listing needs.
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 512 };

/**
 * The worker's semi-spaces from its start. A sync holds V8's semi-spaces at their starting size of
 * 1 MB (sync-heap.ts), which held the worker's there too: it collected its young generation every
 * megabyte it allocated: a first sync of the large corpus cost it 4.2–4.8 s of CPU, with 4 MB
 * 3.9–4.2 s (the process's peak RSS 161–164 → 163–178 MB). V8 reads the process-wide flag as a
 * thread sets up its heap; only index workers are started after it is set.
 */
const WORKER_SEMI_SPACE_MB = 4;

/** Built, the worker is the .js beside this one; under tsx (tests) it is .ts, loaded through tsx. */
function startWorker(setup: WorkerSetup): Worker {
  v8.setFlagsFromString(`--min-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  const options = { workerData: setup, resourceLimits: WORKER_HEAP };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./index-worker.js', import.meta.url), options);
  const entry = new URL('./index-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
