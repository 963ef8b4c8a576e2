// The Gmail phase: a Gmail-shaped account (each message in 1–4 labels and All Mail) behind the
// Gmail personality, both tools with `Patterns *` syncing it from empty through the same relay:
// bytes of message bodies each one fetched, wall time, and the local disk it took (`du`, so a
// hard-linked file counts once) against the bytes of the distinct messages.
import { execFileSync } from 'node:child_process';
import type { Corpus } from '../support/corpus.js';
import type { GmailPersonality } from '../support/gmail-personality.js';
import type { Measurement } from './measure.js';
import type { Tool } from './options.js';
import type { Correctness } from './verify.js';

export interface GmailToolRun {
  measurement: Measurement;
  /** Bytes of message bodies the relay sent this tool. */
  bytesFetched: number;
  /** Apparent size of the tool's Maildir tree, every inode once. */
  diskBytes: number;
  correctness: Correctness;
}

export interface GmailResult {
  /** Distinct messages and their bytes (what a store-once backup needs at least). */
  unique: { messages: number; bytes: number };
  /** Copies the server shows over all folders, and their bytes (what a per-folder download fetches). */
  shown: { messages: number; bytes: number };
  /** Label folders per message, on average (All Mail not counted). */
  labelsPerMessage: number;
  tools: Partial<Record<Tool, GmailToolRun>>;
}

/** Unique and shown totals of a corpus where one message object may sit in several folders. */
export function corpusShape(
  corpus: Corpus,
  allMail: string,
): Pick<GmailResult, 'unique' | 'shown' | 'labelsPerMessage'> {
  const unique = new Set(corpus.folders.flatMap((f) => f.messages));
  const shown = corpus.folders.flatMap((f) => f.messages);
  const labelled = corpus.folders.filter((f) => f.name !== allMail).flatMap((f) => f.messages);
  const bytes = (list: Iterable<{ raw: Buffer }>) => [...list].reduce((sum, m) => sum + m.raw.length, 0);
  return {
    unique: { messages: unique.size, bytes: bytes(unique) },
    shown: { messages: shown.length, bytes: bytes(shown) },
    labelsPerMessage: labelled.length / unique.size,
  };
}

/** `du --apparent-size` of a tree: bytes of each inode once, however many links it has. */
export function diskBytes(dir: string): number {
  return Number(execFileSync('du', ['-s', '--bytes', dir], { encoding: 'utf8' }).split('\t')[0]);
}

/** One tool's first sync of the account, measured at the relay and on disk. */
export async function measureGmailSync(
  relay: GmailPersonality,
  mailRoot: string,
  sync: () => Promise<Measurement>,
  check: () => Promise<Correctness>,
): Promise<GmailToolRun> {
  relay.resetCounters();
  const measurement = await sync();
  return { measurement, bytesFetched: relay.bodyBytes, diskBytes: diskBytes(mailRoot), correctness: await check() };
}
