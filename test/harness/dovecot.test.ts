import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { generateCorpus } from '../support/corpus.js';
import { isAlive } from '../support/dovecot-process.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { loadCorpus, serverFolders, serverMessages } from '../support/server-mail.js';

let server: DovecotServer;

before(async () => {
  server = await startDovecot();
  await loadCorpus(server, generateCorpus('tiny'));
});

after(async () => {
  await server?.stop();
});

for (const secure of [false, true]) {
  test(`connects and lists over ${secure ? 'implicit TLS' : 'plain IMAP + STARTTLS'}`, async () => {
    const client = new ImapFlow({
      host: server.host,
      port: secure ? server.imapsPort : server.imapPort,
      secure,
      doSTARTTLS: secure ? undefined : true,
      auth: { user: server.user.user, pass: server.user.password },
      logger: false,
      tls: { ca: [readFileSync(server.caFile)], servername: 'localhost' },
    });
    client.on('error', () => undefined);
    await client.connect();
    assert.equal(client.secureConnection, true);
    const names = (await client.list()).map((m) => m.path);
    await client.logout();
    assert.ok(names.includes('INBOX'));
    assert.ok(names.includes('Archive/Zürich'), 'non-ASCII folder decoded from modified UTF-7');
    assert.ok(names.includes('Work & Play'));
  });
}

test('the corpus is served as written, broken messages included', async () => {
  const corpus = generateCorpus('tiny');
  assert.deepEqual(await serverFolders(server), corpus.folders.map((f) => f.name).sort());
  const inbox = await serverMessages(server, 'INBOX');
  assert.equal(inbox.length, corpus.folders[0]!.messages.length);
  const headersOnly = inbox.find((m) => m.size === corpus.folders[0]!.messages[0]!.raw.length);
  assert.ok(headersOnly, 'the header-only message without a final newline is served at its size');
});

test('stop() ends this Dovecot and only it', async () => {
  const other = await startDovecot();
  const pid = Number(readFileSync(`${other.dir}/run/master.pid`, 'utf8'));
  assert.ok(isAlive(pid));
  await other.stop();
  assert.equal(isAlive(pid), false);
  const mine = Number(readFileSync(`${server.dir}/run/master.pid`, 'utf8'));
  assert.ok(isAlive(mine), 'the suite server still runs');
});

test('a failed start leaves neither a temp dir nor a process behind', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'mailkeep-badstart-')), 'server');
  try {
    // A setting Dovecot does not know, slipped in through the capability option: its config check fails.
    await assert.rejects(startDovecot({ dir, imapCapability: '+IDLE\nno_such_setting = 1' }), /dovecot did not start/);
    assert.equal(existsSync(dir), false, 'the temp dir is removed');
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});
