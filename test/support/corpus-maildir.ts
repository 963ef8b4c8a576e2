// A generated corpus written straight to a Maildir tree (Maildir++ dot folders, as mbsync writes
// them), without a server: for index and reader tests and benches.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Corpus } from './corpus.js';

const FLAG_LETTERS: Record<string, string> = { '\\Seen': 'S', '\\Answered': 'R', '\\Flagged': 'F', '\\Draft': 'D' };

export interface CorpusFile {
  path: string;
  /** The folder's name as the corpus gives it (`Archive/2024`). */
  folder: string;
  raw: Buffer;
  flags: string;
}

export function writeCorpusMaildir(corpus: Corpus, root: string): CorpusFile[] {
  const files: CorpusFile[] = [];
  let n = 0;
  for (const folder of corpus.folders) {
    const dir = folder.name === 'INBOX' ? root : path.join(root, `.${folder.name.replace(/\//g, '.')}`);
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
    for (const message of folder.messages) {
      n += 1;
      const flags = message.flags
        .map((f) => FLAG_LETTERS[f] ?? '')
        .sort()
        .join('');
      const file = path.join(dir, 'cur', `${1700000000 + n}.M${n}P1Q${n}.corpus,U=${n}:2,${flags}`);
      writeFileSync(file, message.raw);
      utimesSync(file, message.internalDate, message.internalDate);
      files.push({ path: file, folder: folder.name, raw: message.raw, flags });
    }
  }
  return files;
}
