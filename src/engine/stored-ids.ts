// Where each message of an account is stored, by the server's own message id (Gmail's X-GM-MSGID,
// RFC 8474's EMAILID), so a message shown in several folders is downloaded once and hard-linked
// into the others. The only owner of `stored-ids.jsonl` in the account's state dir: an append-only
// journal of JSON lines, appended and fsynced only once the files it names are durable. A torn
// last line (a crash while appending) is ignored, and a recorded file that is gone only costs a
// download; the Maildir stays the truth. Rewritten compact when most of its lines are stale.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appendDurably, isSetAside, replaceFile } from '../maildir/index.js';

/** One stored file of a message: the server's id, its size and SHA-256, and where it is. */
export interface StoredCopy {
  id: string;
  size: number;
  sha256: string;
  path: string;
}

/** A download another mailbox of the account has under way: wait for it, then link its file. */
export interface InFlight {
  /** Resolves once the other mailbox's download is written or failed. */
  readonly done: Promise<void>;
}

export interface StoredIds {
  /** Files holding message `id` of `size` bytes, newest first (each may have vanished since). */
  filesOf(id: string, size: number): StoredCopy[];
  /** The SHA-256 of each stored variant of `id`: more than one when two messages share an id. */
  variantsOf(id: string): { size: number; sha256: string }[];
  /** What is recorded of a file, if anything. */
  copyAt(file: string): StoredCopy | undefined;
  /** The recorded files set aside by mirrored deletions (maildir/set-aside.ts). */
  setAside(): StoredCopy[];
  /**
   * Claims the download of `id` (`size` bytes) for the caller: undefined when it now owns it,
   * else the other mailbox's download. The owner calls `settle` once written or failed.
   */
  claim(id: string, size: number): InFlight | undefined;
  settle(id: string, size: number): void;
  /** Records stored files; kept in memory at once, journaled by the next `flush`. */
  add(copies: readonly StoredCopy[]): void;
  /** A recorded file was renamed (flags) or removed (`to` undefined). */
  moved(from: string, to: string | undefined): void;
  /** Appends what changed since the last flush and fsyncs it; call after the Maildir's own sync. */
  flush(): Promise<void>;
}

type Line = StoredCopy | { path: string; to?: string; gone: true };

const FILE = 'stored-ids.jsonl';

/** Reads the account's journal (missing or unreadable lines skipped). */
export async function openStoredIds(stateDir: string): Promise<StoredIds> {
  const file = path.join(stateDir, FILE);
  const { byKey, byPath, setAside, apply } = copyIndex();
  const claims = new Map<string, { done: Promise<void>; resolve: () => void }>();
  let pending: Line[] = [];

  const journal = readJournal(file);
  for (const line of journal.entries) apply(line);
  let lines = journal.lines;
  // After a torn last line, the next append starts on a line of its own.
  let separator = journal.endsCleanly ? '' : '\n';
  if (lines > 1000 && lines > 2 * byPath.size) {
    await replaceFile(file, [...byPath.values()].map((copy) => `${JSON.stringify(copy)}\n`).join(''));
    lines = byPath.size;
    separator = '';
  }

  return {
    filesOf: (id, size) => [...(byKey.get(keyOf(id, size))?.values() ?? [])].reverse(),
    variantsOf(id) {
      const seen = new Map<string, { size: number; sha256: string }>();
      for (const copy of byPath.values())
        if (copy.id === id) seen.set(`${copy.size}:${copy.sha256}`, { size: copy.size, sha256: copy.sha256 });
      return [...seen.values()];
    },
    copyAt: (stored) => byPath.get(stored),
    setAside: () => [...setAside].map((file) => byPath.get(file)!),
    claim(id, size) {
      const key = keyOf(id, size);
      const running = claims.get(key);
      if (running !== undefined) return { done: running.done };
      let resolve = () => undefined as void;
      const done = new Promise<void>((r) => (resolve = r));
      claims.set(key, { done, resolve });
      return undefined;
    },
    settle(id, size) {
      const key = keyOf(id, size);
      claims.get(key)?.resolve();
      claims.delete(key);
    },
    add(copies) {
      for (const copy of copies) {
        apply(copy);
        pending.push(copy);
      }
    },
    moved(from, to) {
      if (!byPath.has(from)) return;
      const line: Line = { path: from, ...(to !== undefined ? { to } : {}), gone: true };
      apply(line);
      pending.push(line);
    },
    async flush() {
      if (pending.length === 0) return;
      const out = separator + pending.map((line) => `${JSON.stringify(line)}\n`).join('');
      lines += pending.length;
      pending = [];
      separator = '';
      await appendDurably(file, out);
    },
  };
}

const keyOf = (id: string, size: number) => `${id}\0${size}`;

/** The recorded files by id and size, by path, and those set aside; `apply` takes in a journal line. */
function copyIndex() {
  const byKey = new Map<string, Map<string, StoredCopy>>();
  const byPath = new Map<string, StoredCopy>();
  const setAside = new Set<string>();
  const apply = (line: Line) => {
    if ('gone' in line) {
      const copy = byPath.get(line.path);
      if (copy === undefined) return;
      byPath.delete(line.path);
      setAside.delete(line.path);
      byKey.get(keyOf(copy.id, copy.size))?.delete(line.path);
      if (line.to !== undefined) apply({ ...copy, path: line.to });
      return;
    }
    const key = keyOf(line.id, line.size);
    if (!byKey.has(key)) byKey.set(key, new Map());
    byKey.get(key)!.set(line.path, line);
    byPath.set(line.path, line);
    if (isSetAside(line.path)) setAside.add(line.path);
  };
  return { byKey, byPath, setAside, apply };
}

/** The journal's readable entries, how many lines it has, and whether its last line is whole. */
function readJournal(file: string): { entries: Line[]; lines: number; endsCleanly: boolean } {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // missing or unreadable: every message is downloaded once more, then recorded again
  }
  const entries: Line[] = [];
  let lines = 0;
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    lines++;
    try {
      const line = JSON.parse(raw) as unknown;
      if (isLine(line)) entries.push(line);
    } catch {
      // a torn last line from a crash while appending
    }
  }
  return { entries, lines, endsCleanly: text === '' || text.endsWith('\n') };
}

function isLine(line: unknown): line is Line {
  if (typeof line !== 'object' || line === null) return false;
  const l = line as Record<string, unknown>;
  if (l.gone === true) return typeof l.path === 'string' && (l.to === undefined || typeof l.to === 'string');
  return (
    typeof l.id === 'string' && typeof l.size === 'number' && typeof l.sha256 === 'string' && typeof l.path === 'string'
  );
}
