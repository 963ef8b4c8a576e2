// What the fault suite checks after every bad day: the local backup equals the server byte for
// byte, no UID twice, nothing half-written visible, tmp/ empty, the state agrees with the files.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AccountConfig } from '../../src/config/types.js';
import { loadMailboxState } from '../../src/engine/mailbox-state.js';
import { mailboxLocalPath } from '../../src/maildir/mailbox-path.js';
import { parseMaildirName } from '../../src/maildir/naming.js';
import type { DovecotServer } from './dovecot.js';
import { serverFolders, serverMessages, serverUidValidity } from './server-mail.js';

export interface LocalMessage {
  uid: number;
  uidValidity: number;
  flags: string;
  sha256: string;
  mtime: number;
  path: string;
}

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
        uid: parsed.uid ?? -1,
        uidValidity: parsed.uidValidity ?? -1,
        flags: parsed.flags,
        path,
        sha256: sha256(await readFile(path)),
        mtime: (await stat(path)).mtimeMs,
      });
    }
  }
  return out.sort((a, b) => a.uid - b.uid);
}

/** Files (not directories) under `dir`, relative; [] when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

export interface BackupCheckOptions {
  complete: boolean;
  folders?: string[];
  /**
   * SHA-256 of messages that may stay as archive copies though the server no longer has them
   * (deleted there with `keep` deletions, or left from before a UIDVALIDITY change).
   */
  kept?: ReadonlySet<string>;
}

/**
 * Nothing partial or doubled: every local file is the exact bytes of the server message it stands
 * for, no UID twice. A file stands for the UID in its name under the saved UIDVALIDITY, or for the
 * UID the state pairs it with (re-matched after a UIDVALIDITY change, adopted); any other file
 * must be one of `kept`. With `complete`, every server message is there, tmp/ is empty and the
 * saved state names the server's UIDVALIDITY and the highest stored UID.
 */
export async function assertBackupOf(
  server: DovecotServer,
  account: AccountConfig,
  options: BackupCheckOptions,
): Promise<void> {
  const folders = options.folders ?? (await serverFolders(server));
  for (const folder of folders) {
    const remote = await serverMessages(server, folder);
    const byUid = new Map(remote.map((m) => [m.uid, m.sha256]));
    const { state } = await loadMailboxState(account.stateDir, folder);
    const paired = new Map(Object.entries(state?.adopted ?? {}).map(([uid, base]) => [base, Number(uid)]));
    // Files without a mailkeep UID (added by hand) are the user's, not part of the comparison.
    const local = (await localMessages(account, folder)).filter((m) => m.uid > 0 || paired.has(baseOf(m)));
    const uids: number[] = [];
    for (const m of local) {
      const uid = paired.get(baseOf(m)) ?? (state === null || m.uidValidity === state.uidValidity ? m.uid : undefined);
      if (uid !== undefined && byUid.get(uid) === m.sha256) {
        uids.push(uid);
        continue;
      }
      const what = `${folder}: ${m.path} is not the server's UID ${uid ?? '(none)'} nor a kept copy`;
      assert.ok(options.kept?.has(m.sha256), what);
    }
    uids.sort((a, b) => a - b);
    assert.equal(new Set(uids).size, uids.length, `${folder}: a UID is stored twice (${uids.join(',')})`);
    if (!options.complete) continue;
    assert.deepEqual(
      uids,
      remote.map((m) => m.uid),
      `${folder}: every server message stored`,
    );
    const dir = mailboxLocalPath(account, folder, '/');
    assert.deepEqual(await readdir(join(dir, 'tmp')).catch(() => []), [], `${folder}: tmp/ is empty`);
    if (remote.length > 0) {
      assert.ok(state, `${folder}: state saved`);
      assert.equal(state.highestStoredUid, Math.max(...uids), `${folder}: state's highest stored UID`);
      assert.equal(state.uidValidity, await serverUidValidity(server, folder), `${folder}: state's UIDVALIDITY`);
    }
  }
}

function baseOf(message: LocalMessage): string {
  return parseMaildirName(basename(message.path)).base;
}
