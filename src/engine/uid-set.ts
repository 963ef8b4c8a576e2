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
