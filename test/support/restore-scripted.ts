// `mailkeep restore` of a Maildir tree written for the test into a scripted server
// (fake-imap.ts) of a given profile; the servers and trees are removed after the test file.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import type { RestoreEvent, RestoreSummary } from '../../src/engine/restore-events.js';
import { runRestore, type RestoreOptions } from '../../src/engine/restore-run.js';
import { startFakeImap } from './fake-imap.js';
import type { FakeMailbox, FakeProfile } from './fake-imap-types.js';
import { scriptedAccount } from './scripted-account.js';
import type { ScriptedServer } from './scripted-server.js';

const servers: ScriptedServer[] = [];
const roots: string[] = [];
after(async () => {
  for (const server of servers) await server.close();
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** Restores `files` into a new server of `profile` that lists INBOX and `listed`. */
export async function restoreInto(
  profile: FakeProfile,
  files: Record<string, Buffer>,
  listed: FakeMailbox[] = [],
  options: Partial<RestoreOptions> = {},
) {
  const inbox: FakeMailbox = {
    listed: 'INBOX',
    name: 'INBOX',
    attributes: ['\\HasNoChildren'],
    uidValidity: 1,
    messages: [],
  };
  const mailboxes = [inbox, ...listed];
  const server = await startFakeImap(profile, mailboxes);
  servers.push(server);
  const root = await mkdtemp(join(tmpdir(), 'mailkeep-restore-odd-'));
  roots.push(root);
  // Each file by its folder and name (`Archive/2024/cur/1.a:2,S`; a bare name is INBOX's, in cur/).
  for (const [file, bytes] of Object.entries(files)) {
    const path = file.includes('/') ? file : `cur/${file}`;
    const folder = join(root, dirname(dirname(path)));
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(folder, sub), { recursive: true });
    await writeFile(join(root, path), bytes);
  }
  const events: RestoreEvent[] = [];
  const run = (prefix?: string): Promise<RestoreSummary> =>
    runRestore({
      account: scriptedAccount(server.port),
      source: root,
      ...(prefix !== undefined ? { prefix } : {}),
      dryRun: false,
      emit: (e) => events.push(e),
      ...options,
    });
  const summary = await run();
  return { server, inbox, mailboxes, summary, events, again: run };
}
