// IMAP sequence sets for UID commands: consecutive UIDs as ranges, so a batch of 200 messages
// is usually one `a:b` rather than 200 numbers for both sides to compile and parse.

/** `[1, 2, 3, 7, 9, 10]` → `1:3,7,9:10` (any order in, ascending out, duplicates dropped). */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * `1:3,7` → `[1, 2, 3, 7]` (a server's ESEARCH ALL answer), refusing more than `limit` numbers:
 * a hostile `1:4294967295` must not fill the memory.
 */
export function expandUidSet(set: string, limit: number): number[] {
  const uids: number[] = [];
  for (const part of set.split(',')) {
    const m = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(part);
    if (m === null) throw new Error(`malformed UID set ${set.slice(0, 60)}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    const [low, high] = a <= b ? [a, b] : [b, a];
    if (uids.length + high - low + 1 > limit) throw new Error(`UID set ${set.slice(0, 60)} holds more than ${limit} UIDs`);
    for (let uid = low; uid <= high; uid++) uids.push(uid);
  }
  return uids;
}
