// `mailkeep index [PATH]`: builds or refreshes the search index over every configured account's
// Maildir (or one tree, whoever wrote it), with progress on stderr. Exit 0 done, 1 when a cur/ or
// new/ could not be listed or a message file could not be read (each named on stderr), 2 on error.
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  defaultIndexFile,
  IndexWorker,
  removeIndexFile,
  type IndexRoot,
  type TreeChanges,
  type TreeProgress,
} from '../archive/index.js';
import type { Command } from '../cli-args.js';
import { loadConfig, noAccountsProblem } from '../config/load-config.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { formatDuration } from '../text/format-progress.js';
import { readerRoots } from '../ui/reader/reader-roots.js';

export type IndexOptions = Omit<Extract<Command, { kind: 'index' }>, 'kind'>;

export interface IndexIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  home: string;
}

const clean = (text: string) => sanitizeForTerminal(text);

export async function runIndex(options: IndexOptions, io: IndexIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`mailkeep: ${clean(message)}\n`);
    return 2;
  };
  let roots: IndexRoot[];
  try {
    roots = await indexRoots(options, io);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const file = defaultIndexFile(io.env, io.home);
  if (options.rebuild) removeIndexFile(file);
  const started = Date.now();
  const progress = progressPrinter(io, options.quiet);
  const worker = new IndexWorker({ file, onNotice: (line) => io.stderr.write(`mailkeep: ${clean(line)}\n`) });
  let changes: TreeChanges;
  try {
    changes = await worker.refresh({ roots, onProgress: (p) => progress.show(p) });
  } catch (error) {
    return fail(`indexing failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    progress.clear();
    await worker.close();
  }
  for (const line of changes.unlisted) io.stderr.write(`mailkeep: ${clean(line)}: left as the index had it\n`);
  for (const line of changes.unread) io.stderr.write(`mailkeep: ${clean(line)}: not indexed\n`);
  if (!options.quiet) io.stdout.write(`${summaryLine(changes, Date.now() - started)}\n`);
  return changes.unlisted.length + changes.unread.length ? 1 : 0;
}

async function indexRoots(options: IndexOptions, io: IndexIo): Promise<IndexRoot[]> {
  if (options.path !== undefined) {
    const root = path.resolve(options.path);
    const stat = statSync(root, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) throw new Error(`${root}: no such directory`);
    return [{ account: path.basename(root), path: root }];
  }
  const loaded = await loadConfig({
    configPath: options.configPath,
    home: io.home,
    env: io.env,
  });
  if (loaded.accounts.length === 0) throw new Error(noAccountsProblem(loaded, 'give a PATH: `mailkeep index ~/Mail`'));
  return readerRoots(loaded.accounts).map((r) => ({
    account: r.account,
    path: r.path,
    folderPrefix: r.folderPrefix,
    ...(r.dotted ? { dotted: true } : {}),
  }));
}

function progressPrinter(io: IndexIo, quiet: boolean) {
  const live = io.stderr.isTTY === true && !quiet;
  let lastDraw = 0;
  let shown = false;
  return {
    show(p: TreeProgress): void {
      const now = Date.now();
      if (!live || now - lastDraw < 100) return;
      lastDraw = now;
      const files = p.filesTotal > 0 ? ` ${p.filesDone}/${p.filesTotal} new` : '';
      const line = `indexing ${p.foldersDone + 1}/${p.foldersTotal} ${clean(p.account)}/${clean(p.folder)}${files}`;
      io.stderr.write(`\r\x1b[K${line.slice(0, 200)}`);
      shown = true;
    },
    clear(): void {
      if (shown) io.stderr.write('\r\x1b[K');
    },
  };
}

function summaryLine(c: TreeChanges, ms: number): string {
  const parts = [`${c.folders} folder${c.folders === 1 ? '' : 's'}`, `+${c.added} ~${c.renamed} -${c.removed}`];
  if (c.unreadable) parts.push(`${c.unreadable} unreadable`);
  return `indexed ${parts.join(': ')} in ${formatDuration(Math.round(ms / 1000))}`;
}
