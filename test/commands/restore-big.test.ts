// A 100 MB message restored by a `mailkeep restore` child process: it reaches the server byte for
// byte (through COMPRESS=DEFLATE), and the child's peak memory shows it was streamed from the
// file, not read whole.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { after, before, test } from 'node:test';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { withClient } from '../support/server-mail.js';
import { homeEnv } from '../support/sync-command.js';

const MB = 1024 * 1024;
let server: DovecotServer;
let root: string;

before(async () => {
  // Through COMPRESS=DEFLATE: the streamed literal waits for the compressor as well as the socket.
  server = await startDovecot({ compress: true });
  root = await mkdtemp(join(tmpdir(), 'mailkeep-restore-big-'));
});

after(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Writes a message of about `size` bytes (CRLF lines of base64-looking text); returns its SHA-256. */
async function writeBigMessage(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  const put = (data: Buffer) => {
    hash.update(data);
    return out.write(data);
  };
  put(Buffer.from('From: big@example.org\r\nMessage-ID: <big@example.org>\r\nSubject: 100 MB\r\n\r\n'));
  const line = Buffer.from(`${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'.repeat(2).slice(0, 76)}\r\n`);
  const block = Buffer.concat(Array.from({ length: 1024 }, () => line));
  for (let written = 0; written < size; written += block.length) {
    if (!put(block)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return hash.digest('hex');
}

test('a 100 MB message is appended streamed: same bytes on the server, bounded memory', async () => {
  const tree = join(root, 'tree');
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(tree, sub), { recursive: true });
  const digest = await writeBigMessage(join(tree, 'cur', '1.big:2,S'), 100 * MB);
  const rc = join(root, 'mbsyncrc');
  await writeFile(rc, mbsyncrc([dovecotAccount(server, { name: 'target', path: join(root, 'local') })]));

  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/restore-child.ts', tree, '--to', 'target', '-c', rc],
    {
      env: { ...process.env, ...homeEnv(root), MAILKEEP_TEST_PEAK: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, stderr);
  assert.match(stdout, /appended 1 \/ skipped 0 \/ failed 0/);
  // The child alone (node, tsx, mailkeep) peaks near 80 MB; holding the message would add 100 MB.
  const peakKb = Number(/peak-rss (\d+)/.exec(stderr)?.[1]);
  assert.ok(peakKb > 0 && peakKb < 170 * 1024, `peak resident memory ${peakKb} kB`);

  const onServer = await withClient(server, async (client) => {
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      const message = await client.fetchOne('*', { source: true, flags: true });
      return message === false ? undefined : message;
    } finally {
      lock.release();
    }
  });
  assert.equal(createHash('sha256').update(onServer!.source!).digest('hex'), digest);
  assert.ok(onServer!.flags!.has('\\Seen'));
});
