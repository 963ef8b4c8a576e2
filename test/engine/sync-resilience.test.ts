// Crash safety (SIGKILL mid-sync, then rerun), reconnect after a BYE, the daily budget pause,
// a streamed big message, STARTTLS — against the private Dovecot.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import type { EngineOptions } from '../../src/engine/engine.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { connectImap } from '../../src/engine/imap/connect.js';
import { ImapConnectionError } from '../../src/engine/imap/imap-errors.js';
import { assertBackupOf } from '../support/backup-check.js';
import { appendMessage, createFolder, serverFolders } from '../support/server-mail.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';

const corpus = useCorpusServer();
const accountIn = (overrides: Partial<AccountConfig> = {}) => corpus.account({ patterns: ['*', '!Big'], ...overrides });
const pass = (account: AccountConfig, extra: Partial<EngineOptions> = {}, onEvent?: Parameters<typeof runPass>[2]) =>
  runPass(account, { maxAttempts: 3, backoffBaseMs: 10, ...extra }, onEvent);

describe('resilience', () => {
  test('SIGKILL in the middle of a sync, then a rerun: byte-exact, no duplicate, tmp/ clean', async () => {
    const account = await accountIn({ concurrency: 1 });
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/sync-child.ts', import.meta.url)), JSON.stringify(account)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let progress = 0;
      for await (const line of createInterface({ input: child.stdout })) {
        if ((JSON.parse(line) as EngineEvent).type === 'mailbox-progress' && ++progress === 2) {
          child.kill('SIGKILL');
          break;
        }
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
    }
    const { summary } = await pass(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    const folders = (await serverFolders(corpus.server)).filter((f) => f !== 'Big');
    await assertBackupOf(corpus.server, account, { complete: true, folders });
  });

  test('a BYE in the middle of a fetch: pause, reconnect, resume', async () => {
    const account = await accountIn();
    let failures = 1;
    const connect: EngineOptions['connect'] = async (a) => {
      const session = await connectImap(a);
      return {
        ...session,
        async fetchBodies(uids) {
          if (failures-- > 0) {
            const bye = 'BYE [UNAVAILABLE] System Error';
            throw Object.assign(new ImapConnectionError('EConnectionClosed', `${a.host} closed the connection: ${bye}`), { responseText: bye });
          }
          return session.fetchBodies(uids);
        },
      };
    };
    const { summary, events } = await pass(account, { connect });
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
    const raw = Buffer.concat([Buffer.from('From: big@example.org\r\nSubject: big\r\nMessage-ID: <big@x>\r\n\r\n'), filler]);
    await appendMessage(corpus.server, 'Big', raw);
    const account = await accountIn({ patterns: ['Big'], tls: 'starttls', port: corpus.server.imapPort });
    const { summary } = await pass(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    await assertBackupOf(corpus.server, account, { complete: true, folders: ['Big'] });
  });
});
