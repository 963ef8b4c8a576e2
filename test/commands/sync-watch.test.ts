// `mailkeep sync --watch` as a child process against the private Dovecot: new mail during IDLE is
// stored and each pass recorded for `schedule status`; SIGTERM mid-download ends it with exit 0,
// nothing half-written or doubled, and a rerun completes the backup. A one-shot sync so stopped
// exits 1: its pass did not sync everything.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stateRoot } from '../../src/config/paths.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { readLastRun } from '../../src/engine/last-run.js';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { appendMessage, testMessage } from '../support/server-mail.js';
import { commandStateDir, homeEnv, writePlainRc } from '../support/sync-command.js';
import { waitUntil } from '../support/wait-until.js';

const CHILD = fileURLToPath(new URL('../support/sync-child.ts', import.meta.url));
const corpus = useCorpusServer();

const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

interface WatchChild {
  events: EngineEvent[];
  /** What it wrote to stderr so far. */
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  child: ChildProcess;
}

/** `mailkeep sync ARGS --json` as a child, its events collected as they come. */
function startChild(root: string, args: string[], env: NodeJS.ProcessEnv = {}): WatchChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args, '--json'], {
    env: { ...process.env, ...homeEnv(root), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  const events: EngineEvent[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (buffered + chunk.toString()).split('\n');
    buffered = lines.pop()!;
    for (const line of lines) events.push(JSON.parse(line) as EngineEvent);
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { events, exited, child, stderr: () => stderr };
}

const accountOf = (root: string) =>
  corpus.plainAccount(root, corpus.server.imapPort, { stateDir: commandStateDir(root) });

describe('mailkeep sync --watch', () => {
  test('new mail during IDLE is stored and recorded; SIGTERM while idle exits 0', async () => {
    const root = await corpus.newRoot();
    const config = await writePlainRc(corpus.server, root);
    const run = startChild(root, ['-c', config, '--watch', '--every', '0']);
    await waitUntil(
      () =>
        run.events.some((e) => e.type === 'idle' && e.state === 'watching') &&
        run.events.some((e) => e.type === 'summary'),
      () => `not watching: ${JSON.stringify(run.events.slice(-3))}`,
    );
    const uid = await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 99));
    await waitUntil(
      async () => (await localMessages(accountOf(root), 'INBOX')).some((m) => m.uid === uid),
      () => `message ${uid} not stored`,
    );
    await waitUntil(
      () => run.events.filter((e) => e.type === 'summary').length >= 2,
      () => 'the INBOX pass never ended',
    );
    run.child.kill('SIGTERM');
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    const last = await readLastRun(stateRoot({ home: root, env: homeEnv(root) }));
    assert.equal(last?.watch, true);
    assert.equal(last?.added, 1);
    assert.equal(last?.exitCode, 0);
  });

  test('SIGTERM mid-download: exit 0, nothing half-written or doubled; a rerun completes the backup', async () => {
    const root = await corpus.newRoot();
    const config = await writePlainRc(corpus.server, root);
    // Batches of 5 messages: the signal lands between many durable steps.
    const run = startChild(root, ['-c', config, '--watch'], { MAILKEEP_TEST_BATCH: '5' });
    await waitUntil(
      () => run.events.some((e) => e.type === 'mailbox-progress' && e.messagesDone > 0),
      () => 'no download began',
    );
    run.child.kill('SIGTERM');
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    const summary = run.events.find((e) => e.type === 'summary');
    assert.ok(summary?.type === 'summary' && summary.summary.added < 65, 'stopped before the end of the first pass');
    await assertBackupOf(corpus.server, accountOf(root), { complete: false });

    const rerun = startChild(root, ['-c', config]);
    assert.deepEqual(await rerun.exited, { code: 0, signal: null });
    await assertBackupOf(corpus.server, accountOf(root), { complete: true });
  });
});

test('a one-shot sync stopped by SIGTERM mid-download exits 1 and says so; a rerun completes the backup', async () => {
  const root = await corpus.newRoot();
  const config = await writePlainRc(corpus.server, root);
  const run = startChild(root, ['-c', config], { MAILKEEP_TEST_BATCH: '5' });
  await waitUntil(
    () => run.events.some((e) => e.type === 'mailbox-progress' && e.messagesDone > 0),
    () => 'no download began',
  );
  run.child.kill('SIGTERM');
  assert.deepEqual(await run.exited, { code: 1, signal: null });
  assert.match(run.stderr(), /^mailkeep: stopped before the end of the pass; run it again to go on$/m);
  const last = await readLastRun(stateRoot({ home: root, env: homeEnv(root) }));
  assert.equal(last?.exitCode, 1);
  await assertBackupOf(corpus.server, accountOf(root), { complete: false });

  const rerun = startChild(root, ['-c', config]);
  assert.deepEqual(await rerun.exited, { code: 0, signal: null });
  await assertBackupOf(corpus.server, accountOf(root), { complete: true });
});
