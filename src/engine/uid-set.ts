// IMAP sequence sets for UID commands: consecutive UIDs as ranges, so a batch of 200 messages
// is usually one `a:b` rather than 200 numbers for both sides to compile and parse.

/** `[1, 2, 3, 7, 9, 10]` → `1:3,7,9:10` (any order in, ascending out, duplicates dropped). */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * A set cut at its commas into sets of at most `maxLength` characters, in order (a single range
 * longer than that stays whole). Servers refuse long command lines (Exchange: `BAD Command Error.
 * 10`; Dovecot past 64 KB); RFC 2683 §3.2.1.5 advises about 1,000 octets, and mbsync keeps its UID
 * sets under 960 characters.
 */
export function splitUidSet(set: string, maxLength: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const range of set.split(',')) {
    if (current !== '' && current.length + 1 + range.length > maxLength) {
      parts.push(current);
      current = '';
    }
    current = current === '' ? range : `${current},${range}`;
  }
  parts.push(current);
  return parts;
}

/**
 * `1:3,7` → `[1, 2, 3, 7]` (a server's ESEARCH ALL answer), refusing more than `limit` numbers:
 * a hostile `1:4294967295` must not fill the memory.
 */
export function expandUidSet(set: string, limit: number): number[] {
  const uids: number[] = [];
  for (const [low, high] of parseUidRanges(set)) {
    if (uids.length + high - low + 1 > limit)
      throw new Error(`UID set ${set.slice(0, 60)} holds more than ${limit} UIDs`);
    for (let uid = low; uid <= high; uid++) uids.push(uid);
  }
  return uids;
}

/** `1:3,7` → `[[1, 3], [7, 7]]`, each range low to high; throws on a malformed set. */
export function parseUidRanges(set: string): [number, number][] {
  return set.split(',').map((part) => {
    const m = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(part);
    if (m === null) throw new Error(`malformed UID set ${set.slice(0, 60)}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    return a <= b ? [a, b] : [b, a];
  });
}

/** Whether `uid` lies in one of `ranges`, which must be sorted by their low end and not overlap. */
export function inUidRanges(ranges: readonly (readonly [number, number])[], uid: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [from, to] = ranges[mid]!;
    if (uid < from) high = mid - 1;
    else if (uid > to) low = mid + 1;
    else return true;
  }
  return false;
}

/** Ranges sorted by their low end, overlapping or touching ones merged. */
export function normalizeUidRanges(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}
