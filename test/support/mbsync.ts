// mbsync (Debian isync) against the private Dovecot: the mbsyncrc both tools read, and a run
// of mbsync itself with HOME pointing at a test directory.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DovecotServer } from './dovecot.js';

/** One Channel `test` pulling every folder into ~/Mail/test/ (INBOX at ~/Mail/test/INBOX). */
export function testMbsyncrc(server: DovecotServer, options: { syncState?: string } = {}): string {
  return [
    // mbsync matches certificate names, not IPs; localhost is 127.0.0.1 here.
    'IMAPAccount test', 'Host localhost', `Port ${server.imapsPort}`, `User ${server.user.user}`,
    `PassCmd "echo ${server.user.password}"`, 'SSLType IMAPS', `CertificateFile ${server.caFile}`, 'SystemCertificates no', '',
    'IMAPStore test-remote', 'Account test', '',
    'MaildirStore test-local', 'Path ~/Mail/test/', 'Inbox ~/Mail/test/INBOX', 'SubFolders Verbatim', '',
    'Channel test', 'Far :test-remote:', 'Near :test-local:', 'Patterns *', 'Create Near', 'Expunge Near', 'Sync Pull',
    ...(options.syncState === undefined ? [] : [`SyncState ${options.syncState}`]), 'CopyArrivalDate yes', '',
  ].join('\n');
}

/** Writes the mbsyncrc to `rc` and runs `mbsync -a` as if `home` were $HOME. */
export async function runMbsync(home: string, rc: string, text: string): Promise<void> {
  await writeFile(rc, text);
  await mkdir(join(home, 'Mail', 'test'), { recursive: true }); // mbsync needs Path to exist
  await promisify(execFile)('mbsync', ['-q', '-c', rc, '-a'], { env: { ...process.env, HOME: home } });
}
