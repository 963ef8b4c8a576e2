// What the fault suite checks after every bad day: the local backup equals the server byte for
// byte, no UID twice, nothing half-written visible, tmp/ empty, the state agrees with the files.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountConfig } from '../../src/config/types.js';
import { loadMailboxState } from '../../src/engine/mailbox-state.js';
import { mailboxLocalPath } from '../../src/maildir/mailbox-path.js';
import { parseMaildirName } from '../../src/maildir/naming.js';
import type { DovecotServer } from './dovecot.js';
import { serverFolders, serverMessages } from './server-mail.js';

export interface LocalMessage { uid: number; uidValidity: number; flags: string; sha256: string; mtime: number; path: string }

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Every message file in cur/ and new/ of one mailbox (none if the folder does not exist). */
export async function localMessages(account: AccountConfig, folder: string): Promise<LocalMessage[]> {
  const dir = mailboxLocalPath(account, folder, '/');
  const out: LocalMessage[] = [];
  for (const sub of ['cur', 'new']) {
    const names = await readdir(join(dir, sub)).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(dir, sub, name);
      const parsed = parseMaildirName(name);
      out.push({
        uid: parsed.uid ?? -1, uidValidity: parsed.uidValidity ?? -1, flags: parsed.flags, path,
        sha256: sha256(await readFile(path)), mtime: (await stat(path)).mtimeMs,
      });
    }
  }
  return out.sort((a, b) => a.uid - b.uid);
}

/** Files (not directories) under `dir`, relative; [] when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

/**
 * Nothing partial or doubled: every local file is the exact bytes of the server message with its
 * UID, no UID twice. With `complete`, every server message is there, tmp/ is empty and the saved
 * state names the server's UIDVALIDITY and the highest UID on disk.
 */
export async function assertBackupOf(server: DovecotServer, account: AccountConfig, options: { complete: boolean; folders?: string[] }): Promise<void> {
  const folders = options.folders ?? (await serverFolders(server));
  for (const folder of folders) {
    const remote = await serverMessages(server, folder);
    const byUid = new Map(remote.map((m) => [m.uid, m.sha256]));
    // Files without a mailkeep UID (added by hand) are the user's, not part of the comparison.
    const local = (await localMessages(account, folder)).filter((m) => m.uid > 0);
    const uids = local.map((m) => m.uid);
    assert.equal(new Set(uids).size, uids.length, `${folder}: a UID is stored twice (${uids.join(',')})`);
    for (const m of local) assert.equal(m.sha256, byUid.get(m.uid), `${folder}: ${m.path} is not the server's UID ${m.uid}`);
    if (!options.complete) continue;
    assert.deepEqual(uids, remote.map((m) => m.uid), `${folder}: every server message stored`);
    const dir = mailboxLocalPath(account, folder, '/');
    assert.deepEqual(await readdir(join(dir, 'tmp')).catch(() => []), [], `${folder}: tmp/ is empty`);
    const { state } = await loadMailboxState(account.stateDir, folder);
    if (remote.length > 0) {
      assert.ok(state, `${folder}: state saved`);
      assert.equal(state.highestStoredUid, Math.max(...uids), `${folder}: state's highest stored UID`);
      assert.equal(state.uidValidity, local[0]!.uidValidity, `${folder}: state's UIDVALIDITY`);
    }
  }
}
