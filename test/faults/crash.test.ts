// kill -9 during a sync: at every durable step (each fsynced batch, in batches of 5 messages) and
// at seeded random moments. After each kill nothing partial or doubled is visible; a rerun
// completes to a byte-exact backup with tmp/ cleaned and the state agreeing with the files.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBackupOf } from '../support/backup-check.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { commandStateDir, homeEnv, writePlainRc } from '../support/sync-command.js';

const CHILD = fileURLToPath(new URL('../support/sync-child.ts', import.meta.url));
const corpus = useCorpusServer();

async function newRoot(): Promise<{ root: string; config: string }> {
  const root = await corpus.newRoot();
  return { root, config: await writePlainRc(corpus.server, root) };
}

interface ChildRun { code: number | null; signal: NodeJS.Signals | null; progress: number }

/** Runs the sync; SIGKILLs it right after its `killAt`-th durable batch, or after `killAfterMs`. */
function runChild(root: string, config: string, kill: { atStep?: number; afterMs?: number } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '-c', config, '--json'], {
      env: { ...process.env, ...homeEnv(root), MAILKEEP_TEST_BATCH: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let progress = 0;
    let buffered = '';
    const timer = kill.afterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), kill.afterMs) : undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.includes('"mailbox-progress"')) continue;
        progress += 1;
        if (kill.atStep !== undefined && progress === kill.atStep) child.kill('SIGKILL');
      }
    });
    child.stderr.resume();
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, progress });
    });
  });
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
      kills += 1;
      await assertBackupOf(corpus.server, accountOf(root), { complete: false });
      assert.ok(kills < 60, 'every rerun makes progress');
    }
    assert.ok(kills >= 10, `killed at ${kills} durable steps`);
    await assertBackupOf(corpus.server, accountOf(root), { complete: true });
  });

  test('at seeded random moments, then a rerun completes', async () => {
    const { root, config } = await newRoot();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 4; i++) {
      await runChild(root, config, { afterMs: 600 + Math.floor(random() * 1500) });
      await assertBackupOf(corpus.server, accountOf(root), { complete: false });
    }
    const last = await runChild(root, config);
    assert.equal(last.code, 0);
    await assertBackupOf(corpus.server, accountOf(root), { complete: true });
  });
});

function accountOf(root: string) {
  return corpus.plainAccount(root, corpus.server.imapPort, { stateDir: commandStateDir(root) });
}
