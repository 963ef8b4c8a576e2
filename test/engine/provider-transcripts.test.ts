// The answer shapes of Gmail, Microsoft 365, Fastmail, iCloud, Yahoo and 163.com replayed by a
// scripted server to the real engine: each account backs up completely, every message byte-exact.
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { filesUnder, sha256 } from '../support/backup-check.js';
import { localSide, runPass } from '../support/corpus-server.js';
import { startFakeImap } from '../support/fake-imap.js';
import { scriptedAccount } from '../support/scripted-account.js';
import { PROVIDERS } from '../support/provider-profiles.js';
import type { ScriptedServer } from '../support/scripted-server.js';

const servers: ScriptedServer[] = [];
const roots: string[] = [];
after(async () => {
  for (const server of servers) await server.close();
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

for (const provider of PROVIDERS) {
  test(`${provider.name}: a first pass backs up every message byte-exact`, async () => {
    const server = await startFakeImap(provider.profile, provider.mailboxes);
    servers.push(server);
    const root = await mkdtemp(join(tmpdir(), 'mailkeep-provider-'));
    roots.push(root);
    const account = scriptedAccount(server.port, {
      name: provider.name.replace(/\W+/g, '-'),
      ...localSide(root),
    });
    const { summary } = await runPass(account);
    assert.deepEqual(
      summary.errors.map((e) => `${e.code} ${e.message}`),
      [],
    );
    assert.equal(summary.exitCode, 0);
    const stored = await Promise.all(
      (await filesUnder(account.localPath))
        .filter((f) => /\/(cur|new)\//.test(f))
        .map(async (f) => sha256(await readFile(join(account.localPath, f)))),
    );
    const expected = provider.mailboxes
      .filter((m) => !(m.attributes ?? []).some((a) => /noselect/i.test(a)))
      .flatMap((m) => m.messages.map((message) => sha256(message.body)));
    assert.deepEqual(stored.sort(), expected.sort());
    // 163.com refuses EXAMINE to a client that did not say who it is.
    assert.ok(
      server.commands.some((c) => / ID \("name" "mailkeep"/.test(c)),
      'ID sent',
    );
  });
}
