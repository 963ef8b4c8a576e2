// The local Maildirs the reader and index phases read (no server needed): one big folder of
// 40,000 or 100,000 messages (written as they are generated: they do not fit in memory at once),
// and the large corpus as a tree of 200 folders. Generated once from
// the corpus generator and kept under the user's cache dir, so a rerun starts at once; a tree
// counts as there only once its `.complete` stamp (the generator's version) is written.
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { imapFlagsToMaildir } from '../../src/maildir/index.js';
import { folderMessages, generateCorpus, type CorpusMessage } from '../support/corpus.js';
import { writeCorpusMaildir } from '../support/corpus-maildir.js';

/** Bump when the generator's output changes: older cached trees are then made again. */
const VERSION = 'corpus-1';

export interface BenchMaildir {
  /** The Maildir tree (for a single folder: the folder itself). */
  path: string;
  messages: number;
  bytes: number;
}

export function benchCorporaDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mailkeep', 'bench-corpora');
}

function writeFolder(
  dir: string,
  messages: Iterable<CorpusMessage>,
  firstSeq: number,
): { count: number; bytes: number } {
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  let count = 0;
  let bytes = 0;
  for (const message of messages) {
    const seq = firstSeq + count++;
    const file = join(
      dir,
      'cur',
      `${1_600_000_000 + seq}.M${seq}P1.bench,S=${message.raw.length}:2,${imapFlagsToMaildir(message.flags)}`,
    );
    writeFileSync(file, message.raw);
    utimesSync(file, message.internalDate, message.internalDate);
    bytes += message.raw.length;
  }
  return { count, bytes };
}

function cached(
  name: string,
  log: (text: string) => void,
  make: (path: string) => Omit<BenchMaildir, 'path'>,
): BenchMaildir {
  const path = join(benchCorporaDir(), name);
  const stamp = join(path, '.complete');
  if (existsSync(stamp)) {
    const saved = JSON.parse(readFileSync(stamp, 'utf8')) as BenchMaildir & { version: string };
    if (saved.version === VERSION) return { path, messages: saved.messages, bytes: saved.bytes };
  }
  log(`writing ${name} to ${path} (once; later runs reuse it)`);
  rmSync(path, { recursive: true, force: true });
  const made = make(path);
  writeFileSync(stamp, JSON.stringify({ version: VERSION, ...made }));
  return { path, ...made };
}

/** One folder holding `count` regular messages (plus the broken ones). */
export function benchFolder(count: number, log: (text: string) => void): BenchMaildir {
  return cached(`folder-${count}`, log, (path) => {
    const { count: messages, bytes } = writeFolder(path, folderMessages(count), 1);
    return { messages, bytes };
  });
}

/** The large corpus (the sync phases' mail) as a local tree (Maildir++, as mbsync writes it). */
export function benchTree(log: (text: string) => void): BenchMaildir {
  return cached('large-tree', log, (path) => {
    const files = writeCorpusMaildir(generateCorpus('large'), path);
    return { messages: files.length, bytes: files.reduce((sum, f) => sum + f.raw.length, 0) };
  });
}
