// Crash safety (SIGKILL mid-sync, then rerun), reconnect after a real BYE (through the fault proxy),
// the daily budget pause,
// a streamed big message, STARTTLS — against the private Dovecot.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import type { EngineOptions } from '../../src/engine/engine.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { assertBackupOf } from '../support/backup-check.js';
import { appendMessage, createFolder, serverFolders } from '../support/server-mail.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';

const corpus = useCorpusServer({ proxy: true });
const accountIn = (overrides: Partial<AccountConfig> = {}) => corpus.account({ patterns: ['*', '!Big'], ...overrides });
const pass = (account: AccountConfig, extra: Partial<EngineOptions> = {}, onEvent?: Parameters<typeof runPass>[2]) =>
  runPass(account, { maxAttempts: 3, backoffBaseMs: 10, ...extra }, onEvent);

describe('resilience', () => {
  test('SIGKILL in the middle of a sync, then a rerun: byte-exact, no duplicate, tmp/ clean', async () => {
    const account = await accountIn({ concurrency: 1 });
    // stdin is a pipe the child watches: it ends itself if this process dies first.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/sync-child.ts', import.meta.url)), JSON.stringify(account)],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('close', (code, signal) => resolve([code, signal])),
    );
    const seen: EngineEvent['type'][] = [];
    try {
      let progress = 0;
      for await (const line of createInterface({ input: child.stdout })) {
        const event = JSON.parse(line) as EngineEvent;
        seen.push(event.type);
        if (event.type === 'mailbox-progress' && ++progress === 2) {
          child.kill('SIGKILL');
          break;
        }
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    assert.deepEqual(await closed, [null, 'SIGKILL'], `killed, not ended by itself; events: ${seen.join(' ')}`);
    const ended = seen.includes('summary') || seen.includes('account-done');
    assert.ok(!ended, `the kill cut the pass short; events: ${seen.join(' ')}`);
    const { summary } = await pass(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    const folders = (await serverFolders(corpus.server)).filter((f) => f !== 'Big');
    await assertBackupOf(corpus.server, account, { complete: true, folders });
  });

  test('a BYE in the middle of a fetch: pause, reconnect, resume', async () => {
    // The server's own words, as Gmail says them, where the first message bodies are asked for.
    corpus.proxy.injectUntagged('BYE [UNAVAILABLE] System Error', { whenCommand: /BODY\.PEEK\[\]/ });
    const root = await corpus.newRoot();
    const account = corpus.plainAccount(root, corpus.proxy.port, { patterns: ['*', '!Big'], concurrency: 2 });
    const { summary, events } = await pass(account);
    assert.ok(corpus.proxy.connections >= 2, 'a new connection after the BYE');
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    const paused = events.find((e) => e.type === 'paused');
    assert.ok(paused && paused.type === 'paused' && paused.until > paused.at);
    assert.ok(events.some((e) => e.type === 'connection' && e.state === 'reconnecting'));
    const folders = (await serverFolders(corpus.server)).filter((f) => f !== 'Big');
    await assertBackupOf(corpus.server, account, { complete: true, folders });
  });

  test('the daily budget pauses the account until the next window', async () => {
    const account = await accountIn({ dailyBudgetBytes: 1, concurrency: 1 });
    const { events } = await pass(account, {}, (e, stop) => {
      if (e.type === 'paused') stop();
    });
    const paused = events.find((e) => e.type === 'paused');
    assert.ok(paused && paused.type === 'paused');
    assert.match(paused.reason, /budget/);
    assert.ok(paused.until > Date.now());
  });

  test('a message bigger than the stream threshold is streamed and stored byte-exact; STARTTLS works', async () => {
    await createFolder(corpus.server, 'Big');
    const filler = Buffer.alloc(9 * 1024 * 1024, 'abcdefghij0123456789\r\n');
    const raw = Buffer.concat([
      Buffer.from('From: big@example.org\r\nSubject: big\r\nMessage-ID: <big@x>\r\n\r\n'),
      filler,
    ]);
    await appendMessage(corpus.server, 'Big', raw);
    const account = await accountIn({ patterns: ['Big'], tls: 'starttls', port: corpus.server.imapPort });
    const { summary } = await pass(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    await assertBackupOf(corpus.server, account, { complete: true, folders: ['Big'] });
  });
});
