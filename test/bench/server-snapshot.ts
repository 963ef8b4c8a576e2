// What the server holds right now: every selectable folder with, per message, its flags and two
// hashes of what the server returns for BODY.PEEK[]: of the exact bytes, and of the bytes as
// mbsync stores them (LF line ends, plus an X-TUID header of its own).
import { createHash } from 'node:crypto';
import type { DovecotServer, TestUser } from '../support/dovecot.js';
import { serverFolders, withClient } from '../support/server-mail.js';

export interface ServerCopy {
  uid: number;
  flags: string[];
  size: number;
  sha256: string;
  normalizedSha256: string;
}

export type ServerSnapshot = Map<string, ServerCopy[]>;

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 with LF line ends and without mbsync's X-TUID header: equal for the same message. */
export function normalizedSha256(data: Buffer): string {
  const text = data
    .toString('latin1')
    .replaceAll('\r\n', '\n')
    .replace(/^X-TUID: [^\n]*\n/m, '');
  return sha256(Buffer.from(text, 'latin1'));
}

export async function serverSnapshot(server: DovecotServer, user: TestUser = server.user): Promise<ServerSnapshot> {
  const folders = await serverFolders(server, user);
  const snapshot: ServerSnapshot = new Map();
  await withClient(
    server,
    async (client) => {
      for (const folder of folders) {
        const copies: ServerCopy[] = [];
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          if (client.mailbox && client.mailbox.exists > 0) {
            for await (const m of client.fetch('1:*', { uid: true, flags: true, source: true })) {
              const source = m.source ?? Buffer.alloc(0);
              copies.push({
                uid: m.uid,
                flags: [...(m.flags ?? [])],
                size: source.length,
                sha256: sha256(source),
                normalizedSha256: normalizedSha256(source),
              });
            }
          }
        } finally {
          lock.release();
        }
        snapshot.set(
          folder,
          copies.sort((a, b) => a.uid - b.uid),
        );
      }
    },
    user,
  );
  return snapshot;
}

export function snapshotTotals(snapshot: ServerSnapshot): { folders: number; messages: number; bytes: number } {
  let messages = 0;
  let bytes = 0;
  for (const list of snapshot.values()) {
    messages += list.length;
    for (const m of list) bytes += m.size;
  }
  return { folders: snapshot.size, messages, bytes };
}
