// Security on a hostile network or server: no cleartext login off loopback, no downgrade through
// STARTTLS stripping or PREAUTH, certificate errors name the host, the password never shows,
// private permissions, hostile mailbox names cannot write outside the account's directory, and
// hostile mail cannot reach the terminal as control sequences.
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createEngine } from '../../src/engine/engine.js';
import { attachEventLog } from '../../src/engine/event-log.js';
import type { SyncSummary } from '../../src/engine/events.js';
import { renderMessageFile } from '../../src/reader/render-message.js';
import { loadMailboxIndex } from '../../src/reader/load-mailbox-index.js';
import { filesUnder, localMessages } from '../support/backup-check.js';
import { runPass, syncOnce, useCorpusServer } from '../support/corpus-server.js';
import { runSyncCommand, writePlainRc } from '../support/sync-command.js';
import { appendMessage, createFolder } from '../support/server-mail.js';

const corpus = useCorpusServer({ proxy: true });

/** No LOGIN or AUTHENTICATE ever reached the (cleartext) proxy. */
function assertRefusedBeforeLogin(summary: SyncSummary, code: RegExp): void {
  assert.equal(summary.exitCode, 2);
  assert.match(summary.errors.map((e) => e.code).join(' '), code);
  for (const e of summary.errors) assert.doesNotMatch(e.message, /\n/);
}

describe('transport security', () => {
  test('cleartext login to a non-loopback host is refused, naming the host', async () => {
    const account = corpus.plainAccount(await corpus.newRoot(), 143, { host: 'mail.example.org' });
    const { summary } = await runPass(account);
    assertRefusedBeforeLogin(summary, /CLEARTEXT_REFUSED/);
    assert.match(summary.errors[0]!.message, /mail\.example\.org/);
  });

  test('STARTTLS stripped from the capabilities: refused, the password is never sent', async () => {
    corpus.proxy.stripCapability('STARTTLS', { connections: 10 });
    corpus.proxy.replaceTaggedResponse(/LOGIN|AUTHENTICATE/i, 'NO password seen in cleartext', { connections: 10 });
    const account = corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, { tls: 'starttls' });
    const { summary } = await runPass(account);
    assertRefusedBeforeLogin(summary, /TLS|STARTTLS|CLEARTEXT/);
    assert.doesNotMatch(JSON.stringify(summary), /password seen in cleartext/);
  });

  test('PREAUTH greeting on a plain connection is refused (tls none and starttls)', async () => {
    for (const tls of ['none', 'starttls'] as const) {
      corpus.proxy.greetPreauth({ connections: 10 });
      const account = corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, { tls });
      const { summary } = await runPass(account);
      assertRefusedBeforeLogin(summary, /CLEARTEXT_REFUSED|TLS/);
      assert.deepEqual(await filesUnder(account.localPath), [], `${tls}: nothing stored`);
      corpus.proxy.clearRules();
    }
  });

  test('an untrusted certificate is a TLS_CERT error naming the host', async () => {
    const account = corpus.plainAccount(await corpus.newRoot(), corpus.server.imapsPort, {
      tls: 'imaps',
      host: 'localhost',
      certificateFile: undefined,
      systemCertificates: true,
    });
    const { summary } = await runPass(account);
    assert.equal(summary.exitCode, 2);
    assert.equal(summary.errors[0]?.code, 'TLS_CERT');
    assert.match(summary.errors[0].message, /localhost/);
  });
});

describe('secrets and permissions', () => {
  test('the password (plain or base64) appears in no output, event, log or state file; dirs 0700, files 0600', async () => {
    const root = await corpus.newRoot();
    const secret = corpus.server.user.password;
    const forms = [
      secret,
      Buffer.from(secret).toString('base64'),
      Buffer.from(`\0${corpus.server.user.user}\0${secret}`).toString('base64'),
    ];
    let output = '';
    for (const [port, json] of [
      [corpus.server.imapPort, true],
      [corpus.server.imapPort, false],
      [1, false],
    ] as const) {
      const config = await writePlainRc(corpus.server, root, { port, timeout: 5 });
      const run = await runSyncCommand(root, ['-c', config, '--verbose', ...(json ? ['--json'] : [])], {
        maxAttempts: 1,
      });
      output += run.stdout + run.stderr;
    }
    assert.match(output, /"type":"summary"/);
    for (const form of forms) assert.ok(!output.includes(form), 'password in output');
    for (const file of await filesUnder(root)) {
      if (file === 'mbsyncrc') continue;
      const text = await readFile(join(root, file), 'latin1');
      for (const form of forms) assert.ok(!text.includes(form), `password in ${file}`);
      assert.equal((await stat(join(root, file))).mode & 0o777, 0o600, `${file} is 0600`);
    }
    const entries = await readdir(root, { withFileTypes: true, recursive: true });
    for (const dir of entries.filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name))) {
      assert.equal((await stat(dir)).mode & 0o777, 0o700, `${dir} is 0700`);
    }
  });
});

test("a wrong password: the app's log names the failed login and never holds the password", async () => {
  const root = await corpus.newRoot();
  const wrong = 'not-the-Password-4711';
  const account = corpus.plainAccount(root, corpus.server.imapPort, { password: { kind: 'plain', password: wrong } });
  const engine = createEngine({ accounts: [account], maxAttempts: 1 });
  const logPath = join(root, 'state', 'mailkeep.log');
  // The app's own log writer, on the same engine events the app gets.
  const detach = attachEventLog(engine, logPath);
  const idle = engine.whenIdle();
  engine.resync();
  assert.equal((await idle).exitCode, 2);
  detach();
  const log = await readFile(logPath, 'latin1');
  assert.match(log, /ERROR test AUTH_FAILED/);
  const sasl = Buffer.from(`\0${corpus.server.user.user}\0${wrong}`).toString('base64');
  const forms = [wrong, Buffer.from(wrong).toString('base64'), sasl];
  for (const form of forms) assert.ok(!log.includes(form), `the password (${form.length} chars) is in the log`);
});

describe('hostile server data', () => {
  test('hostile mailbox names never write outside the account directory', async () => {
    const hostile = [
      '../../x',
      'a/../../b',
      '.',
      '..',
      'ctl\x01\x1b[2J\x07',
      'x'.repeat(5000),
      'flat/with/slashes',
      '&Jjo-&&-&ZZZ',
      'Caf&AOk-',
      'Caf\xc3\xa9',
      'cur',
      'INBOX/../../up',
    ];
    corpus.proxy.rewriteList(
      (entry) =>
        entry.name === 'Work &- Play'
          ? hostile.map((name) => ({ ...entry, name, delimiter: name.startsWith('flat') ? null : entry.delimiter }))
          : [entry],
      { connections: 10 },
    );
    const root = await corpus.newRoot();
    const account = corpus.plainAccount(join(root, 'a', 'b'), corpus.proxy.port, { patterns: ['*'] });
    const { summary } = await runPass(account);
    assert.notEqual(summary.exitCode, 2, JSON.stringify(summary.errors));
    assert.ok(
      summary.errors.filter((e) => e.code === 'MAILBOX_NAME').length >= 5,
      JSON.stringify(summary.errors.map((e) => [e.code, e.message.slice(0, 60)])),
    );
    for (const file of await filesUnder(root)) {
      assert.ok(
        file.startsWith('a/b/mail/') || file.startsWith('a/b/state/'),
        `written outside the account: ${JSON.stringify(file)}`,
      );
    }
    for (const e of summary.errors) assert.doesNotMatch(e.message, /[\r\n]/, JSON.stringify(e));
  });

  test('hostile mail reaches the reader without terminal control sequences', async () => {
    const evil = '\x1b]0;pwned\x07\x1b[2J\u202eevil\x9b31m';
    await createFolder(corpus.server, 'Hostile');
    await appendMessage(
      corpus.server,
      'Hostile',
      Buffer.from(
        `From: "${evil}" <a@example.org>\r\nSubject: ${evil}\r\nMessage-ID: <hostile@x>\r\n\r\nbody ${evil}\r\n`,
      ),
    );
    const root = await corpus.newRoot();
    const account = corpus.plainAccount(root, corpus.server.imapPort, { patterns: ['Hostile'] });
    await syncOnce(account);
    const [message] = await localMessages(account, 'Hostile');
    const rendered = await renderMessageFile(message!.path);
    const index = await loadMailboxIndex(join(account.localPath, 'Hostile'));
    // The strings themselves (JSON.stringify would turn ESC and BEL into the harmless text \u001b).
    const entries = index.map((e) => [e.from, e.subject]);
    const shown = [Object.values(rendered.headers), rendered.bodyLines, rendered.rawHeaderLines, entries].flat(3);
    assert.ok(shown.length > 3 && shown.every((text) => typeof text === 'string'), JSON.stringify(shown));
    const controls = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
    for (const text of shown) assert.doesNotMatch(text, controls, JSON.stringify(text));
  });
});
