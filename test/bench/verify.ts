// Correctness of one tool's local copy against the server snapshot, folder by folder.
// mailkeep's file names carry the server UID, so its files are matched by UID; mbsync's carry
// only its own UIDs, so they are matched by content, as multisets, once normalized (mbsync
// writes LF where the server has CRLF and adds an X-TUID header: never byte-exact).
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { imapFlagsToMaildir, parseMaildirName } from '../../src/maildir/index.js';
import type { Tool } from './options.js';
import { normalizedSha256, sha256, type ServerCopy, type ServerSnapshot } from './server-snapshot.js';

export interface Correctness {
  serverMessages: number;
  byteExact: number;
  /** mbsync: present with the same content once normalized (includes the byte-exact ones). */
  sameOnceNormalized?: number;
  missing: number;
  /** Extra local copies of a server message. */
  duplicated: number;
  /** Present locally, but the bytes differ from the server's (mailkeep only: mbsync's count as missing + extra). */
  different: number;
  /** Local messages that match nothing on the server. */
  extra: number;
  flagMismatches: number;
  /** Server folders with no local Maildir. */
  missingFolders: string[];
  /** The first few problems, for a human to look at. */
  examples: string[];
}

interface LocalMessage {
  file: string;
  flags: string;
  uid?: number;
  sha256: string;
  normalizedSha256?: string;
}

interface FileHashes {
  sha256: string;
  normalizedSha256?: string;
}

const MAX_EXAMPLES = 8;
// Files never change content, only names: hash each inode once across phases.
const hashCache = new Map<string, FileHashes>();

async function hashFile(path: string, normalized: boolean): Promise<FileHashes> {
  const info = await stat(path);
  const key = `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
  const known = hashCache.get(key);
  if (known && (!normalized || known.normalizedSha256)) return known;
  const data = await readFile(path);
  const hashes = { sha256: sha256(data), ...(normalized ? { normalizedSha256: normalizedSha256(data) } : {}) };
  hashCache.set(key, hashes);
  return hashes;
}

async function readLocalFolder(dir: string, normalized: boolean): Promise<LocalMessage[]> {
  const out: LocalMessage[] = [];
  for (const sub of ['cur', 'new']) {
    const names = await readdir(join(dir, sub)).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const parsed = parseMaildirName(name);
      out.push({
        file: `${sub}/${name}`,
        flags: comparableFlags(parsed.flags),
        ...(parsed.uid !== undefined ? { uid: parsed.uid } : {}),
        ...(await hashFile(join(dir, sub, name), normalized)),
      });
    }
  }
  return out;
}

/** The letters both tools and the server agree on (P and T have no counterpart in this corpus). */
function comparableFlags(letters: string): string {
  return letters.replace(/[^DFRS]/g, '');
}

function serverFlags(m: ServerCopy): string {
  return comparableFlags(imapFlagsToMaildir(m.flags));
}

/** Where a server folder is on disk: UTF-8 names (mailkeep) or raw modified UTF-7 (mbsync 1.4). */
export function localFolderDir(root: string, folder: string): string | undefined {
  if (folder === 'INBOX') return join(root, 'INBOX');
  const parts = folder.split('/');
  const candidates = [
    join(root, ...parts),
    join(root, ...parts.map((p) => iconv.encode(p, 'utf7imap').toString('latin1'))),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'cur')));
}

function emptyResult(): Correctness {
  return {
    serverMessages: 0,
    byteExact: 0,
    missing: 0,
    duplicated: 0,
    different: 0,
    extra: 0,
    flagMismatches: 0,
    missingFolders: [],
    examples: [],
  };
}

function note(result: Correctness, text: string): void {
  if (result.examples.length < MAX_EXAMPLES) result.examples.push(text);
}

function compareByUid(folder: string, server: ServerCopy[], local: LocalMessage[], result: Correctness): void {
  const byUid = new Map<number, LocalMessage[]>();
  for (const m of local) {
    if (m.uid === undefined) {
      result.extra++;
      note(result, `${folder}: ${m.file} has no UID in its name`);
      continue;
    }
    byUid.set(m.uid, [...(byUid.get(m.uid) ?? []), m]);
  }
  for (const s of server) {
    const copies = byUid.get(s.uid) ?? [];
    byUid.delete(s.uid);
    if (copies.length === 0) {
      result.missing++;
      note(result, `${folder}: UID ${s.uid} (${s.size} bytes) missing`);
      continue;
    }
    if (copies.length > 1) {
      result.duplicated += copies.length - 1;
      note(result, `${folder}: UID ${s.uid} stored ${copies.length} times`);
    }
    if (copies.some((c) => c.sha256 === s.sha256)) result.byteExact++;
    else {
      result.different++;
      note(result, `${folder}: UID ${s.uid} differs from the server's bytes`);
    }
    if (!copies.some((c) => c.flags === serverFlags(s))) {
      result.flagMismatches++;
      note(result, `${folder}: UID ${s.uid} flags '${copies[0]!.flags}' vs server '${serverFlags(s)}'`);
    }
  }
  for (const [uid, copies] of byUid) {
    result.extra += copies.length;
    note(result, `${folder}: UID ${uid} is not on the server`);
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function compareByContent(folder: string, server: ServerCopy[], local: LocalMessage[], result: Correctness): void {
  const localByHash = groupBy(local, (m) => m.normalizedSha256!);
  for (const [hash, group] of groupBy(server, (m) => m.normalizedSha256)) {
    const copies = localByHash.get(hash) ?? [];
    localByHash.delete(hash);
    const matched = Math.min(group.length, copies.length);
    result.sameOnceNormalized = (result.sameOnceNormalized ?? 0) + matched;
    result.byteExact += Math.min(matched, copies.filter((c) => c.sha256 === group[0]!.sha256).length);
    result.missing += group.length - matched;
    result.duplicated += copies.length - matched;
    if (group.length > matched) note(result, `${folder}: UID ${group[0]!.uid} (${group[0]!.size} bytes) missing`);
    const localFlags = copies.map((c) => c.flags);
    for (const s of group.slice(0, matched)) {
      const at = localFlags.indexOf(serverFlags(s));
      if (at >= 0) localFlags.splice(at, 1);
      else {
        result.flagMismatches++;
        note(result, `${folder}: UID ${s.uid} flags differ from server '${serverFlags(s)}'`);
      }
    }
  }
  for (const copies of localByHash.values()) {
    result.extra += copies.length;
    note(result, `${folder}: ${copies[0]!.file} matches nothing on the server`);
  }
}

export async function verifyLocalCopy(tool: Tool, localRoot: string, snapshot: ServerSnapshot): Promise<Correctness> {
  const result = emptyResult();
  for (const [folder, server] of snapshot) {
    result.serverMessages += server.length;
    const dir = localFolderDir(localRoot, folder);
    if (!dir) {
      result.missingFolders.push(folder);
      result.missing += server.length;
      continue;
    }
    const local = await readLocalFolder(dir, tool === 'mbsync');
    if (tool === 'mailkeep') compareByUid(folder, server, local, result);
    else compareByContent(folder, server, local, result);
  }
  return result;
}
