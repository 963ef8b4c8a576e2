// A test run killed outright (SIGKILL to its whole process group, as a CI timeout does) leaves
// nothing behind: no Dovecot, no tmux server or program in it, no tmpfs mounted, no temp dir. The reapers the
// helpers armed before they started anything clean up once the run is gone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isAlive } from '../support/dovecot-process.js';
import { waitUntil } from '../support/wait-until.js';

const mounts = () => readFileSync('/proc/mounts', 'utf8');
const FIXTURE = fileURLToPath(new URL('./fixtures/starts-things.ts', import.meta.url));

interface Started {
  dovecotDir: string;
  masterPid: number;
  tmuxDir: string;
  tmuxServerPid: number;
  panePid: number;
  diskRoot?: string;
}

test('a SIGKILLed test run that started Dovecot and tmux leaves nothing', async (t) => {
  const scratch = mkdtempSync(join(tmpdir(), 'mailkeep-leftovers-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  const report = join(scratch, 'started.json');
  // A runner of its own (not a child reporting to this one), in a process group of its own.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const run = spawn(process.execPath, ['--import', 'tsx', '--test', FIXTURE], {
    detached: true,
    stdio: 'ignore',
    env: { ...env, LEFTOVERS_REPORT: report },
  });
  const killRun = () => {
    try {
      process.kill(-run.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  t.after(killRun);
  const exited = new Promise((resolve) => run.once('exit', resolve));
  const started = await waitUntil(
    () => existsSync(report) && (JSON.parse(readFileSync(report, 'utf8')) as Started),
    () => 'the fixture run did not report what it started',
    { timeoutMs: 60_000, everyMs: 100 },
  );
  for (const pid of [started.masterPid, started.tmuxServerPid, started.panePid])
    assert.ok(isAlive(pid), `${pid} runs before the kill`);
  if (started.diskRoot) assert.ok(mounts().includes(started.diskRoot), 'the tmpfs is mounted before the kill');

  killRun();
  await exited;
  const left = () => [
    ...[started.masterPid, started.tmuxServerPid, started.panePid].filter(isAlive).map((pid) => `process ${pid}`),
    ...[started.dovecotDir, started.tmuxDir, started.diskRoot ?? ''].filter(existsSync),
    ...(started.diskRoot && mounts().includes(started.diskRoot) ? [`tmpfs on ${started.diskRoot}`] : []),
  ];
  await waitUntil(
    () => left().length === 0,
    () => `left behind: ${left().join(', ')}`,
    { timeoutMs: 30_000, everyMs: 200 },
  );
});
