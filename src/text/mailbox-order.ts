/** INBOX first, then by name so that children follow their parent (as mutt's sidebar and the reader list them). */
export function compareMailboxNames(a: string, b: string): number {
  const inboxA = a.toUpperCase() === 'INBOX';
  const inboxB = b.toUpperCase() === 'INBOX';
  if (inboxA !== inboxB) return inboxA ? -1 : 1;
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = pa[i]!.localeCompare(pb[i]!);
    if (c) return c;
  }
  return pa.length - pb.length;
}
