// mbsync's Tunnel against the private Dovecot: its imap binary as the command (PREAUTH; the
// config has no Host, User or password, as such configs do) backs the account up as TCP would,
// and a second pass finds nothing to do; a command that fails is one line saying what it said.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { appendMessage, createFolderWith, testMessage } from '../support/server-mail.js';
import { homeEnv, runSyncCommand } from '../support/sync-command.js';

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

/** bin/mailkeep.js as its own process (whether it ends is the question), HOME at the test's root. */
function runMailkeep(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const bin = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, ...homeEnv(root) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (data) => (stderr += data));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
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

test('a Tunnel command that dies mid-download is told by what it said, and the pass goes on over a new one', async () => {
  // Relays to the server's imap binary; the first time a body is asked for, it says why and dies.
  const [script, died] = [join(root, 'dies-once.mjs'), join(root, 'died')];
  const imap = `cat | doveadm -c ${join(server.dir, 'dovecot.conf')} exec imap -u ${server.user.user} | cat`;
  await writeFile(
    script,
    [
      "import { spawn } from 'node:child_process'; import { existsSync, writeFileSync } from 'node:fs';",
      `const imap = spawn('/bin/sh', ['-c', ${JSON.stringify(imap)}], { stdio: ['pipe', 'pipe', 'ignore'] });`,
      'imap.stdout.pipe(process.stdout);',
      // Once mailkeep hangs up, the server sees the end too, and the relay ends with it.
      "process.stdin.on('end', () => imap.stdin.end());",
      "process.stdin.on('data', (data) => {",
      `  if (data.includes('BODY.PEEK[]') && !existsSync('${died}')) {`,
      `    writeFileSync('${died}', '');`,
      "    process.stderr.write('client_loop: send disconnect: Broken pipe\\n');",
      "    imap.kill('SIGKILL');",
      '    process.exit(255);',
      '  }',
      '  imap.stdin.write(data);',
      '});',
    ].join('\n'),
  );
  const rc = await writeTunnelRc('dying', `${process.execPath} ${script}`);
  const { code, stderr } = await runSyncCommand(root, ['-c', rc]);
  assert.equal(code, 0, stderr);
  assert.match(
    stderr,
    /connection to tunnel lost: the tunnel command exited with status 255: client_loop: send disconnect: Broken pipe/,
  );
  assert.equal((await files(join(root, 'dying', 'INBOX'))).length, 4);
  assert.equal((await files(join(root, 'dying', 'Work', '2024'))).length, 3);
});

test('a Tunnel command that outlives its connection does not keep mailkeep from ending', async () => {
  // A server that refuses the login, then stops reading and lingers with stderr open.
  const [script, pidFile] = [join(root, 'refuses-and-lingers.mjs'), join(root, 'lingering.pid')];
  await writeFile(
    script,
    [
      `import { writeFileSync } from 'node:fs'; writeFileSync('${pidFile}', String(process.pid));`,
      "process.stdout.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\\r\\n');",
      "process.stdin.once('data', (data) => {",
      "  process.stdout.write(`${String(data).split(' ')[0]} NO [AUTHENTICATIONFAILED] no such user\\r\\n`);",
      '  process.stdin.pause();',
      '});',
      'setTimeout(() => undefined, 60_000);',
    ].join('\n'),
  );
  const rc = await writeTunnelRc('lingering', `${process.execPath} ${script}`, ['User nobody', 'Pass nothing']);
  const started = Date.now();
  const { code, stderr } = await runMailkeep(['sync', '-c', rc]);
  const lingering = Number(await readFile(pidFile, 'utf8'));
  process.kill(lingering); // it is still there: left for the test, not for the next ones
  assert.equal(code, 2, stderr);
  assert.match(stderr, /login to tunnel failed: \[AUTHENTICATIONFAILED\] no such user/);
  assert.ok(Date.now() - started < 30_000, `ended after ${Date.now() - started} ms`);
});
