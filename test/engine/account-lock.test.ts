import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { acquireAccountLock, LOCK_FILE, LockError } from '../../src/engine/account-lock.js';
import { useTempDir } from '../maildir/temp-dir.js';

const base = await useTempDir('account-lock');
let dirs = 0;
const freshStateDir = () => path.join(base, `state${++dirs}`);

/** The pid of a process that has exited, so it is certainly not alive now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

test('acquire writes pid and host; a second acquire fails with a one-line LockError; release frees it', async () => {
  const stateDir = freshStateDir();
  const lock = await acquireAccountLock(stateDir, 'gmail');
  assert.equal(lock.notice, undefined);
  const owner = JSON.parse(await fs.readFile(lock.path, 'utf8')) as { pid: number; host: string };
  assert.equal(owner.pid, process.pid);
  assert.equal(owner.host, os.hostname());

  await assert.rejects(acquireAccountLock(stateDir, 'gmail'), (error: unknown) => {
    assert.ok(error instanceof LockError);
    assert.equal(
      error.message,
      `account gmail is being synced by process ${process.pid} (lock ${path.join(stateDir, LOCK_FILE)})`,
    );
    return true;
  });

  await lock.release();
  await lock.release();
  const again = await acquireAccountLock(stateDir, 'gmail');
  await again.release();
  assert.deepEqual(await fs.readdir(stateDir), []);
});

test('a lock held by a live process on another host is respected', async () => {
  const stateDir = freshStateDir();
  await fs.mkdir(stateDir, { recursive: true });
  const foreign = { pid: 1, host: 'other-machine', account: 'work', startedAt: '', token: 'x' };
  await fs.writeFile(path.join(stateDir, LOCK_FILE), JSON.stringify(foreign));
  await assert.rejects(
    acquireAccountLock(stateDir, 'work'),
    /account work is being synced by process 1 on other-machine/,
  );
});

test('a stale lock from a dead pid is taken over, with a notice', async () => {
  const stateDir = freshStateDir();
  await fs.mkdir(stateDir, { recursive: true });
  const pid = await deadPid();
  const stale = { pid, host: os.hostname(), account: 'gmail', startedAt: '', token: 'old' };
  await fs.writeFile(path.join(stateDir, LOCK_FILE), JSON.stringify(stale));

  const lock = await acquireAccountLock(stateDir, 'gmail');
  assert.equal(lock.notice, `took over a stale lock of account gmail left by process ${pid} (${lock.path})`);
  assert.equal((JSON.parse(await fs.readFile(lock.path, 'utf8')) as { pid: number }).pid, process.pid);
  await lock.release();
});

test('a takeover left by a run killed while taking over a stale lock holds off no one once that run is gone', async () => {
  const stateDir = freshStateDir();
  await fs.mkdir(stateDir, { recursive: true });
  const lockFile = path.join(stateDir, LOCK_FILE);
  const owner = (pid: number, token: string) =>
    `${JSON.stringify({ pid, host: os.hostname(), account: 'gmail', startedAt: '', token })}\n`;
  // The first run died holding the lock; the second, taking it over, died holding the takeover file.
  await fs.writeFile(lockFile, owner(await deadPid(), 'first'));
  const killedWhileTakingOver = await deadPid();
  await fs.writeFile(`${lockFile}.takeover`, owner(killedWhileTakingOver, 'second'));

  const lock = await acquireAccountLock(stateDir, 'gmail');
  assert.match(lock.notice ?? '', /took over a stale lock of account gmail/);
  await lock.release();
  assert.deepEqual(await fs.readdir(stateDir), [], 'no lock or takeover file left');

  // A takeover whose run is still at work keeps the others off.
  await fs.writeFile(lockFile, owner(await deadPid(), 'third'));
  await fs.writeFile(`${lockFile}.takeover`, owner(process.pid, 'alive'));
  await assert.rejects(acquireAccountLock(stateDir, 'gmail'), /being synced by another process/);
});

test('an unreadable lock file counts as held while young, as stale when old', async () => {
  const stateDir = freshStateDir();
  await fs.mkdir(stateDir, { recursive: true });
  const file = path.join(stateDir, LOCK_FILE);
  await fs.writeFile(file, '');
  await assert.rejects(acquireAccountLock(stateDir, 'gmail'), /being synced by another process/);

  const old = new Date(Date.now() - 60_000);
  await fs.utimes(file, old, old);
  const lock = await acquireAccountLock(stateDir, 'gmail');
  assert.match(lock.notice ?? '', /took over an unreadable lock/);
  await lock.release();
});

test('release does not remove a lock that is no longer ours', async () => {
  const stateDir = freshStateDir();
  const lock = await acquireAccountLock(stateDir, 'gmail');
  const replaced = JSON.stringify({
    pid: process.pid,
    host: os.hostname(),
    account: 'gmail',
    startedAt: '',
    token: 'someone-else',
  });
  await fs.writeFile(lock.path, replaced);
  await lock.release();
  assert.equal(await fs.readFile(lock.path, 'utf8'), replaced);
});

test('two runs taking over the same stale lock at once: exactly one wins', async () => {
  const pid = await deadPid();
  for (let round = 0; round < 40; round++) {
    const stateDir = freshStateDir();
    await fs.mkdir(stateDir, { recursive: true });
    await fs.writeFile(
      path.join(stateDir, LOCK_FILE),
      JSON.stringify({ pid, host: os.hostname(), account: 'gmail', startedAt: '', token: 'old' }),
    );
    const outcomes = await Promise.allSettled([
      acquireAccountLock(stateDir, 'gmail'),
      acquireAccountLock(stateDir, 'gmail'),
    ]);
    const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    assert.equal(won.length, 1, `round ${round}: ${won.length} runs hold the lock`);
    for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof LockError, String(o.reason));
    await won[0]!.release();
    assert.deepEqual(await fs.readdir(stateDir), [], 'no lock or takeover file left');
  }
});
