// mbsync's Tunnel against the private Dovecot: its imap binary as the command (PREAUTH; the
// config has no Host, User or password, as such configs do) backs the account up as TCP would,
// and a second pass finds nothing to do; a command that fails is one line saying what it said.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { appendMessage, createFolderWith, testMessage } from '../support/server-mail.js';
import { runSyncCommand } from '../support/sync-command.js';

let server: DovecotServer;
let root: string;

before(async () => {
  server = await startDovecot();
  root = await mkdtemp(join(tmpdir(), 'mailkeep-tunnel-'));
  for (let i = 0; i < 4; i++) await appendMessage(server, 'INBOX', testMessage('INBOX', i));
  await createFolderWith(server, 'Work/2024', 3);
});

after(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function writeTunnelRc(name: string, tunnel: string, more: string[] = []): Promise<string> {
  const file = join(root, `${name}.mbsyncrc`);
  const account = mbsyncrc([dovecotAccount(server, { name, path: join(root, name) })]);
  // The connection's lines (Host to the first blank line) give way to the Tunnel: no User, no password.
  await writeFile(file, account.replace(/^Host [^]*?\n\n/m, [`Tunnel "${tunnel}"`, ...more, '', ''].join('\n')));
  return file;
}

const files = async (dir: string) =>
  (await Promise.all(['cur', 'new'].map((sub) => readdir(join(dir, sub)).catch(() => [])))).flat();

test("a Tunnel to the server's imap binary: the account is backed up, then a pass finds nothing new", async () => {
  // Dovecot's imap refuses a socket for stdin when started as root (it takes that for inetd): the
  // cats make pipes of it, as ssh gives the remote command.
  const imap = `cat | doveadm -c ${join(server.dir, 'dovecot.conf')} exec imap -u ${server.user.user} | cat`;
  const rc = await writeTunnelRc('tunneled', imap);
  const first = await runSyncCommand(root, ['-c', rc]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal((await files(join(root, 'tunneled', 'INBOX'))).length, 4);
  assert.equal((await files(join(root, 'tunneled', 'Work', '2024'))).length, 3);
  const again = await runSyncCommand(root, ['-c', rc]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /\+0 /);
});

test('a Tunnel command that fails: one line with what it said on stderr, a failed exit, nothing stored', async () => {
  const rc = await writeTunnelRc('broken', "echo 'ssh: Could not resolve hostname nowhere' >&2; exit 255");
  const { code, stderr } = await runSyncCommand(root, ['-c', rc]);
  assert.notEqual(code, 0);
  assert.match(stderr, /the tunnel command exited with status 255: ssh: Could not resolve hostname nowhere/);
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
  assert.deepEqual(await files(join(root, 'broken', 'INBOX')), []);
});

test('a Tunnel command that ends with status 0 while connecting is the reason, not retried; a BYE it sent is told as a BYE', async () => {
  const gone = await writeTunnelRc('ended', "echo '* PREAUTH hi'; sleep 0.2");
  const ended = await runSyncCommand(root, ['-c', gone]);
  assert.notEqual(ended.code, 0);
  assert.match(ended.stderr, /^mailkeep: ended: the tunnel command exited with status 0$/m);
  assert.equal(ended.stderr.trim().split('\n').length, 1, ended.stderr);
  const busy = await writeTunnelRc('busy', "echo '* BYE [UNAVAILABLE] too busy'");
  const refused = await runSyncCommand(root, ['-c', busy]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /BYE \[UNAVAILABLE\] too busy/);
  assert.doesNotMatch(refused.stderr, /the tunnel command/);
});

test('with SSLType IMAPS through the Tunnel, a command that fails is told the same way, not retried', async () => {
  const rc = await writeTunnelRc('secure', "echo 'no route to mail' >&2; exit 3", ['Host localhost', 'SSLType IMAPS']);
  const { code, stderr } = await runSyncCommand(root, ['-c', rc]);
  assert.notEqual(code, 0);
  assert.match(stderr, /^mailkeep: secure: the tunnel command exited with status 3: no route to mail$/m);
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
});

test('with SSLType IMAPS, a command that fails after the TLS handshake, before the greeting, is told by what it said', async () => {
  // A TLS server on the tunnel's socket (the server's certificate) that gives up once the handshake is done.
  const script = join(root, 'tls-then-fail.mjs');
  const [cert, key] = [server.caFile, join(server.dir, 'cert-key.pem')];
  await writeFile(
    script,
    [
      "import fs from 'node:fs'; import net from 'node:net'; import tls from 'node:tls';",
      `const secure = new tls.TLSSocket(new net.Socket({ fd: 0 }), { isServer: true, cert: fs.readFileSync('${cert}'), key: fs.readFileSync('${key}') });`,
      "secure.once('secure', () => { process.stderr.write('imapd: mail store is locked\\n'); process.exit(4); });",
    ].join('\n'),
  );
  const more = ['Host localhost', 'SSLType IMAPS', `CertificateFile ${server.caFile}`];
  const rc = await writeTunnelRc('handshaken', `${process.execPath} ${script}`, more);
  const { code, stderr } = await runSyncCommand(root, ['-c', rc]);
  assert.notEqual(code, 0);
  assert.match(stderr, /^mailkeep: handshaken: the tunnel command exited with status 4: imapd: mail store is locked$/m);
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
});
