// mbsync (Debian isync) itself against the private Dovecot, with HOME pointing at a test directory.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mbsyncrc, type RcAccount } from './mbsyncrc.js';

/** Writes the mbsyncrc of `accounts` to `rc` and runs `mbsync -a` as if `home` were $HOME. */
export async function runMbsync(home: string, rc: string, accounts: RcAccount[]): Promise<void> {
  await writeFile(rc, mbsyncrc(accounts));
  // mbsync needs each Path to exist.
  for (const { path } of accounts)
    await mkdir(path.startsWith('~/') ? join(home, path.slice(2)) : path, { recursive: true });
  await promisify(execFile)('mbsync', ['-q', '-c', rc, '-a'], { env: { ...process.env, HOME: home } });
}
