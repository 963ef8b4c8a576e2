// kill -9 during a sync: at every durable step (each fsynced batch, in batches of 5 messages) and
// at seeded random moments. After each kill nothing partial or doubled is visible; a rerun
// completes to a byte-exact backup with tmp/ cleaned and the state agreeing with the files.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBackupOf, plainAccount } from '../support/backup-check.js';
import { generateCorpus } from '../support/corpus.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { loadCorpus } from '../support/server-mail.js';

const CHILD = fileURLToPath(new URL('../support/sync-child.ts', import.meta.url));
let server: DovecotServer;
const roots: string[] = [];

async function newRoot(): Promise<{ root: string; config: string }> {
  const root = await mkdtemp(join(tmpdir(), 'mailkeep-crash-'));
  roots.push(root);
  const config = join(root, 'mbsyncrc');
  await writeFile(config, `IMAPAccount test
Host 127.0.0.1
Port ${server.imapPort}
User ${server.user.user}
Pass ${server.user.password}
SSLType None

IMAPStore test-remote
Account test

MaildirStore test-local
Path ${root}/mail/
Inbox ${root}/mail/INBOX
SubFolders Verbatim

Channel test
Far :test-remote:
Near :test-local:
Patterns *
Sync Pull
CopyArrivalDate yes
`);
  return { root, config };
}

interface ChildRun { code: number | null; signal: NodeJS.Signals | null; progress: number }

/** Runs the sync; SIGKILLs it right after its `killAt`-th durable batch, or after `killAfterMs`. */
function runChild(root: string, config: string, kill: { atStep?: number; afterMs?: number } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '-c', config, '--json'], {
      env: { ...process.env, HOME: root, XDG_STATE_HOME: join(root, 'state'), XDG_CONFIG_HOME: join(root, 'config'), MAILKEEP_TEST_BATCH: '5' },
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

before(async () => {
  server = await startDovecot();
  await loadCorpus(server, generateCorpus('tiny'));
});

after(async () => {
  await server?.stop();
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

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
      await assertBackupOf(server, { ...accountOf(root) }, { complete: false });
      assert.ok(kills < 60, 'every rerun makes progress');
    }
    assert.ok(kills >= 10, `killed at ${kills} durable steps`);
    await assertBackupOf(server, accountOf(root), { complete: true });
  });

  test('at seeded random moments, then a rerun completes', async () => {
    const { root, config } = await newRoot();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 4; i++) {
      await runChild(root, config, { afterMs: 600 + Math.floor(random() * 1500) });
      await assertBackupOf(server, accountOf(root), { complete: false });
    }
    const last = await runChild(root, config);
    assert.equal(last.code, 0);
    await assertBackupOf(server, accountOf(root), { complete: true });
  });
});

function accountOf(root: string) {
  return plainAccount(root, server.imapPort, server.user, { stateDir: join(root, 'state', 'mailkeep', 'test') });
}
