// Deterministic fixture mail (same preset + seed → same bytes): realistic messages, folder trees
// with non-ASCII and awkward names, and the broken messages real archives contain.
import { createHash } from 'node:crypto';
import { brokenMessages } from './corpus-broken-messages.js';
import { regularMessage } from './corpus-messages.js';
import { Writer } from './corpus-writer.js';

export interface CorpusMessage {
  raw: Buffer;
  flags: string[];
  internalDate: Date;
}

export interface CorpusFolder {
  /** UTF-8, '/'-separated, e.g. 'Archive/Zürich'. */
  name: string;
  messages: CorpusMessage[];
}

export interface Corpus {
  folders: CorpusFolder[];
}

export type CorpusPreset = 'tiny' | 'small' | 'large';

interface PresetShape {
  folders: string[];
  messages: number;
  /** Sizes of a few big attachment messages, spread over the folders. */
  bigAttachments: number[];
}

const MB = 1024 * 1024;

const TINY_FOLDERS = [
  'INBOX',
  'Archive/2024',
  'Archive/Zürich',
  'Work & Play',
  'Sent Items',
  'Empty',
  'Überweisungen/Belege',
];

function shape(preset: CorpusPreset): PresetShape {
  if (preset === 'tiny') return { folders: TINY_FOLDERS, messages: 48, bigAttachments: [] };
  if (preset === 'small') {
    return {
      folders: [...TINY_FOLDERS, 'Lists/node', 'Lists/debian/devel', 'Receipts', 'Drafts', '[Gmail]/All Mail', 'Café'],
      messages: 2400,
      bigAttachments: [3 * MB, 5 * MB],
    };
  }
  const folders = [...TINY_FOLDERS];
  const tops = ['Projects', 'Clients', 'Lists', 'Years', 'Reisen', 'Équipe'];
  for (let i = 0; folders.length < 200; i++) {
    const top = tops[i % tops.length]!;
    folders.push(i % 3 === 0 ? `${top}/sub ${i}/leaf-${i}` : `${top}/folder-${i}`);
  }
  return { folders, messages: 40_000, bigAttachments: [20 * MB, 45 * MB, 100 * MB] };
}

export function generateCorpus(preset: CorpusPreset, seed = 1): Corpus {
  const w = new Writer(seed);
  const s = shape(preset);
  const folders: CorpusFolder[] = s.folders.map((name) => ({ name, messages: [] }));
  const fillable = folders.filter((f) => f.name !== 'Empty');
  // Every broken message goes into INBOX so the smallest test sees each of them.
  for (const b of brokenMessages(w, w.date())) {
    folders[0]!.messages.push({ raw: b.raw, flags: [], internalDate: w.date() });
  }
  // Every other folder gets at least one message; the rest spreads below.
  for (const folder of fillable.slice(1)) folder.messages.push(regularMessage(w, 0));
  const big = [...s.bigAttachments];
  // Skewed spread: the first folders get most of the mail, like real accounts.
  for (let i = 0; i < s.messages; i++) {
    const r = w.int(0, 99);
    const folder = r < 40 ? fillable[0]! : r < 60 ? fillable[Math.min(1, fillable.length - 1)]! : w.pick(fillable);
    const bigSize =
      big.length && i % Math.floor(s.messages / (s.bigAttachments.length + 1)) === 0 && i > 0 ? big.shift()! : 0;
    folder.messages.push(regularMessage(w, bigSize));
  }
  return { folders };
}

/**
 * One big folder, message by message (a 100,000-message folder does not fit in memory at once):
 * the broken messages first, then `count` regular ones (the large corpus's mix of sizes).
 */
export function* folderMessages(count: number, seed = 1): Generator<CorpusMessage> {
  const w = new Writer(seed);
  for (const b of brokenMessages(w, w.date())) yield { raw: b.raw, flags: [], internalDate: w.date() };
  for (let i = 0; i < count; i++) yield regularMessage(w, 0);
}

/** sha256 over every folder name and message, for determinism checks. */
export function corpusDigest(corpus: Corpus): string {
  const hash = createHash('sha256');
  for (const folder of corpus.folders) {
    hash.update(`${folder.name}\n`);
    for (const m of folder.messages) {
      hash.update(m.raw);
      hash.update(`${m.flags.join(' ')}|${m.internalDate.toISOString()}\n`);
    }
  }
  return hash.digest('hex');
}
