// kill -9 during a sync: at every durable step (each fsynced batch, in batches of 5 messages) and
// at seeded random points mid-batch (as files appear), each kill checked to have cut a pass short.
// After each kill nothing partial or doubled is visible; a rerun
// completes to a byte-exact backup with tmp/ cleaned and the state agreeing with the files, and
// the search index holding every stored message.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { defaultIndexFile, folderRows, listIndexedFolders, openIndex } from '../../src/archive/index.js';
import { readFolderStamp } from '../../src/maildir/index.js';
import { assertBackupOf } from '../support/backup-check.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { commandStateDir, homeEnv, writePlainRc } from '../support/sync-command.js';

const CHILD = fileURLToPath(new URL('../support/sync-child.ts', import.meta.url));
const corpus = useCorpusServer();

async function newRoot(): Promise<{ root: string; config: string }> {
  const root = await corpus.newRoot();
  return { root, config: await writePlainRc(corpus.server, root) };
}

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  progress: number;
  /** The child had printed its summary (its pass was over) when it was killed. */
  killedAfterSummary: boolean;
}

interface KillPoint {
  /** After the child reports its `atStep`-th durable batch. */
  atStep?: number;
  /** As soon as a mailbox is done that stored messages (its state saved, its index rows maybe not). */
  atFirstFilledMailbox?: boolean;
  /** As soon as this many message files are in the account's cur/ and new/ (mid-batch, before fsyncs and state). */
  atStoredFiles?: number;
}

const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Runs the sync; SIGKILLs it at the kill point, observed in its events or in the files it wrote. */
function runChild(root: string, config: string, kill: KillPoint = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    // stdin is a pipe the child watches: it ends itself if this process dies without killing it.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '-c', config, '--json'], {
      env: { ...process.env, ...homeEnv(root), MAILKEEP_TEST_BATCH: '5' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    let progress = 0;
    let summary = false;
    let killedAfterSummary = false;
    let buffered = '';
    const killNow = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killedAfterSummary = summary;
      child.kill('SIGKILL');
    };
    const watcher =
      kill.atStoredFiles === undefined
        ? undefined
        : setInterval(() => {
            void storedFiles(root).then((n) => n >= kill.atStoredFiles! && killNow());
          }, 2);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.includes('"type":"summary"')) summary = true;
        if (kill.atFirstFilledMailbox && /"type":"mailbox-done".*"added":[1-9]/.test(line)) killNow();
        if (!line.includes('"mailbox-progress"')) continue;
        progress += 1;
        if (kill.atStep !== undefined && progress === kill.atStep) killNow();
      }
    });
    child.stderr.resume();
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearInterval(watcher);
      children.delete(child);
      resolve({ code, signal, progress, killedAfterSummary });
    });
  });
}

/** Message files stored so far under the account's mail directory. */
async function storedFiles(root: string): Promise<number> {
  return (await storedPaths(root)).length;
}

async function storedPaths(root: string): Promise<string[]> {
  const entries = await readdir(join(root, 'mail'), { recursive: true }).catch(() => [] as string[]);
  return entries
    .filter((entry) => /(^|\/)(cur|new)\/[^/]+$/.test(entry))
    .map((entry) => join(root, 'mail', entry))
    .sort();
}

/** The run was SIGKILLed in the middle of its pass. */
function assertInterrupted(run: ChildRun, what: string): void {
  assert.equal(run.signal, 'SIGKILL', `${what}: killed (it exited with ${run.code} before the kill point)`);
  assert.equal(run.killedAfterSummary, false, `${what}: the kill landed after the pass had ended`);
}

describe('kill -9 during a sync', () => {
  test('at every durable step: each rerun is killed after its first batch until one completes', async () => {
    const { root, config } = await newRoot();
    let kills = 0;
    for (;;) {
      const run = await runChild(root, config, { atStep: 1 });
      if (run.signal !== 'SIGKILL') {
        assert.equal(run.code, 0, 'the last rerun completes');
        break;
      }
      assertInterrupted(run, `kill ${kills + 1}`);
      kills += 1;
      await assertBackupOf(corpus.server, accountOf(root), { complete: false });
      assert.ok(kills < 60, 'every rerun makes progress');
    }
    assert.ok(kills >= 10, `killed at ${kills} durable steps`);
    await assertBackupOf(corpus.server, accountOf(root), { complete: true });
  });

  test('at seeded random points mid-batch (a few files after the last run), then a rerun completes', async () => {
    const { root, config } = await newRoot();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // 4 kills at most 10 files on each: the 65-message corpus is never complete before the last kill.
    for (let i = 0; i < 4; i++) {
      const target = (await storedFiles(root)) + 1 + Math.floor(random() * 10);
      const run = await runChild(root, config, { atStoredFiles: target });
      assertInterrupted(run, `kill ${i + 1} at ${target} files`);
      await assertBackupOf(corpus.server, accountOf(root), { complete: false });
    }
    const last = await runChild(root, config);
    assert.equal(last.code, 0);
    await assertBackupOf(corpus.server, accountOf(root), { complete: true });
  });
});

describe('kill -9 and the search index', () => {
  test('killed once a mailbox is done, before the index has its rows: the next pass indexes them', async () => {
    const { root, config } = await newRoot();
    assertInterrupted(await runChild(root, config, { atFirstFilledMailbox: true }), 'the kill');
    const last = await runChild(root, config);
    assert.equal(last.code, 0, 'the rerun completes');
    const db = openIndex(defaultIndexFile(homeEnv(root), root), { readonly: true });
    assert.ok(db, 'the index is there');
    try {
      const indexed = listIndexedFolders(db).flatMap((folder) => {
        assert.equal(folder.stamp, readFolderStamp(folder.path), `${folder.name}: the index is current`);
        return folderRows(db, folder.path).map((row) => join(folder.path, row.dir, row.file));
      });
      assert.deepEqual(indexed.sort(), await storedPaths(root), 'every stored message is indexed');
    } finally {
      db.close();
    }
  });
});

function accountOf(root: string) {
  return corpus.plainAccount(root, corpus.server.imapPort, { stateDir: commandStateDir(root) });
}
