// mbsync's on-disk traces in a Maildir it wrote, read (never written) so mailkeep can adopt it:
// the sync state (`FarUidValidity N` … header, blank line, then `far near [<>][^~]flags` lines;
// isync < 1.4 wrote `MasterUidValidity`/`SlaveUidValidity`, < 1.1 one `uv:max uv:xmax:max` line),
// its journal, the Maildir's `.uidvalidity`, and where the state file lives. All pure.
import path from 'node:path';
import type { MbsyncStateLocation } from '../config/types.js';

export interface MbsyncPair {
  farUid: number;
  nearUid: number;
}

export interface MbsyncState {
  farUidValidity: number;
  nearUidValidity: number;
  /** Far (server) and near (Maildir) UIDs of every message that has a real copy on both sides. */
  pairs: MbsyncPair[];
  /** mbsync 1.5's `>` entries: the near message is a placeholder for a far one over MaxSize. */
  nearPlaceholders: MbsyncPair[];
}

export class MbsyncStateError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'MbsyncStateError';
  }
}

const COUNT = /^\d{1,10}$/;
/** Header keys that name no UIDVALIDITY; isync 1.5 writes MaxExpiredNearUid with `ExpireSide Far`. */
const OTHER_HEADER_KEYS = new Set([
  'MaxPulledUid',
  'MaxPushedUid',
  'MaxExpiredFarUid',
  'MaxExpiredNearUid',
  'MaxExpiredMasterUid',
  'MaxExpiredSlaveUid',
]);

/** Throws MbsyncStateError for anything mbsync itself would refuse to load. */
export function parseMbsyncState(text: string): MbsyncState {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else if (lines.length > 0) throw new MbsyncStateError(lines.length, 'truncated (no final newline)');
  let farUidValidity: number | undefined;
  let nearUidValidity: number | undefined;
  let index = 0;
  for (; index < lines.length && lines[index] !== ''; index++) {
    const line = lines[index]!;
    const legacy = index === 0 ? /^(\d+):\d+ (\d+):\d+:\d+$/.exec(line) : null;
    if (legacy) {
      [farUidValidity, nearUidValidity] = [Number(legacy[1]), Number(legacy[2])];
      break;
    }
    const [key, value, extra] = line.split(' ');
    if (value === undefined || extra !== undefined || !COUNT.test(value))
      throw new MbsyncStateError(index + 1, 'malformed header entry');
    if (key === 'FarUidValidity' || key === 'MasterUidValidity') farUidValidity = Number(value);
    else if (key === 'NearUidValidity' || key === 'SlaveUidValidity') nearUidValidity = Number(value);
    else if (!OTHER_HEADER_KEYS.has(key!)) {
      throw new MbsyncStateError(index + 1, `unknown header entry ${JSON.stringify(key)}`);
    }
  }
  if (index >= lines.length) throw new MbsyncStateError(lines.length, 'header never ends');
  if (farUidValidity === undefined || nearUidValidity === undefined)
    throw new MbsyncStateError(index + 1, 'no UIDVALIDITY in the header');
  const pairs: MbsyncPair[] = [];
  const nearPlaceholders: MbsyncPair[] = [];
  for (index += 1; index < lines.length; index++) {
    const match = /^(\d{1,10}) (\d{1,10})(?: ([<>]?)([\^~]?)[A-Z]*)?$/.exec(lines[index]!);
    if (!match) throw new MbsyncStateError(index + 1, 'malformed entry');
    const [farUid, nearUid] = [Number(match[1]), Number(match[2])];
    // A `<`/`>` placeholder stands in for a message too big to copy; `^` marks one never copied.
    if (farUid === 0 || nearUid === 0 || match[4] === '^') continue;
    if (match[3] === '>') nearPlaceholders.push({ farUid, nearUid });
    else if (match[3] !== '<') pairs.push({ farUid, nearUid });
  }
  return { farUidValidity, nearUidValidity, pairs, nearPlaceholders };
}

/**
 * UIDs named by an unfinished journal (`.mbsyncstate.journal`, left by a crash): pairs touching
 * them are not confirmed. A line's numbers after its one-letter tag are far, near, then new UIDs.
 */
export function journalUids(text: string): { far: Set<number>; near: Set<number> } {
  const far = new Set<number>();
  const near = new Set<number>();
  for (const line of text.split('\n').slice(1)) {
    const numbers = line
      .slice(2)
      .split(' ')
      .filter((part) => COUNT.test(part))
      .map(Number);
    const [tag] = line;
    if (tag === undefined || numbers.length < 2 || tag === 'N' || tag === 'F' || tag === 'T' || tag === '|') continue;
    far.add(numbers[0]!);
    near.add(numbers[1]!);
    if (tag === '<') far.add(numbers[2] ?? 0);
    if (tag === '>') near.add(numbers[2] ?? 0);
  }
  return { far, near };
}

/** Far UID → near UID for the pairs (or placeholders) the journal does not touch. */
export function confirmedPairs(
  pairs: readonly MbsyncPair[],
  journal?: { far: Set<number>; near: Set<number> },
): Map<number, number> {
  const result = new Map<number, number>();
  for (const { farUid, nearUid } of pairs) {
    if (journal?.far.has(farUid) || journal?.near.has(nearUid)) continue;
    result.set(farUid, nearUid);
  }
  return result;
}

/** First line of mbsync's `<maildir>/.uidvalidity` (the near UIDVALIDITY its `,U=` names belong to). */
export function parseMaildirUidValidity(text: string): number | null {
  const first = text.split('\n', 1)[0]!.trim();
  return COUNT.test(first) ? Number(first) : null;
}

/** The state file of one mailbox pair; box names as mbsync names them (server form, `/`-separated). */
export function mbsyncStatePath(
  location: MbsyncStateLocation,
  maildir: string,
  farBox: string,
  nearBox: string,
): string {
  const clean = (box: string) => box.replaceAll('/', '!');
  switch (location.kind) {
    case 'in-maildir':
      return path.join(maildir, '.mbsyncstate');
    case 'channel':
      return location.prefix + clean(nearBox);
    case 'global': {
      const c = location.delimiter ?? ':';
      return `${location.prefix}${c}${location.farStore}${c}${clean(farBox)}_${c}${location.nearStore}${c}${clean(nearBox)}`;
    }
  }
}
