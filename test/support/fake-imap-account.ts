// Engine tests over the fake IMAP server (fake-imap.ts): accounts whose mail and state live in new
// temp dirs, removed with their servers after the file's tests, and what such an account stored.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { filesUnder, sha256 } from './backup-check.js';
import type { FakeMessage } from './fake-imap-types.js';
import { scriptedAccount } from './scripted-account.js';
import type { ScriptedServer } from './scripted-server.js';

export const fakeMessage = (uid: number, text: string, extra: Partial<FakeMessage> = {}): FakeMessage => ({
  uid,
  flags: ['\\Seen'],
  body: Buffer.from(`Subject: ${text}\r\n\r\n${text}\r\n`),
  ...extra,
});

/** `accountOn(server)`: an account on the server, archive mode unless `extra` says otherwise. */
export function useFakeAccounts(): (server: ScriptedServer, extra?: Partial<AccountConfig>) => Promise<AccountConfig> {
  const servers: ScriptedServer[] = [];
  const roots: string[] = [];
  after(async () => {
    for (const server of servers) await server.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });
  return async (server, extra = {}) => {
    servers.push(server);
    const root = await mkdtemp(join(tmpdir(), 'mailkeep-fake-imap-'));
    roots.push(root);
    return scriptedAccount(server.port, {
      localPath: join(root, 'mail'),
      inboxPath: join(root, 'mail', 'INBOX'),
      subFolders: 'verbatim',
      patterns: ['*'],
      deletions: 'keep',
      concurrency: 1,
      dailyBudgetBytes: null,
      copyArrivalDate: false,
      maxMessageBytes: null,
      stateDir: join(root, 'state'),
      ...extra,
    });
  };
}

/** SHA-256 of every message file stored under the account's mail, sorted. */
export async function storedHashes(localPath: string): Promise<string[]> {
  const files = (await filesUnder(localPath)).filter((f) => /\/(cur|new)\//.test(f));
  return (await Promise.all(files.map(async (f) => sha256(await readFile(join(localPath, f)))))).sort();
}
